package dev.quarry.api.routes;

import dev.quarry.api.data.HolderData;

/** A settlement statement as CSV (RFC 4180: CRLF line ends, fields quoted when they need it). */
public final class SettlementCsv {

    private SettlementCsv() {
    }

    public static String render(HolderData.Settlement s) {
        StringBuilder sb = new StringBuilder();
        sb.append("settlement_id,period_start_ms,period_end_ms,scheme,fee_bps,contract_id,share_count,difficulty_sum,"
                + "pps_credit_sats,fee_credit_sats,pooled_credit_sats,maintenance_sats,net_sats\r\n");
        for (HolderData.SettlementLine l : s.lines()) {
            sb.append(s.id()).append(',').append(s.periodStartMs()).append(',').append(s.periodEndMs()).append(',')
                    .append(field(s.scheme())).append(',').append(s.feeBps()).append(',')
                    .append(field(l.contractId())).append(',').append(l.shareCount()).append(',')
                    .append(field(l.difficultySum())).append(',').append(l.ppsCreditSats()).append(',')
                    .append(l.feeCreditSats()).append(',').append(l.pooledCreditSats()).append(',')
                    .append(l.maintenanceSats()).append(',').append(l.netSats()).append("\r\n");
        }
        return sb.toString();
    }

    static String field(String v) {
        if (v == null) return "";
        // A leading = + - @ would be run as a formula by spreadsheet programs: neutralise it.
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+") ? "'" + v : v;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
