package dev.quarry.accounting.settlement;

import java.util.List;

/** A closed period: shares with seq in (seqFrom, seqTo] were credited in it. */
public record SettlementRecord(long id, long periodStartMs, long periodEndMs, long seqFrom, long seqTo, List<ContractOutcome> outcomes) {
}
