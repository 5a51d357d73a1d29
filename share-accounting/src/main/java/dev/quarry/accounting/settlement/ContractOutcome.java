package dev.quarry.accounting.settlement;

import dev.quarry.accounting.model.ContractStatus;

/**
 * One account's result of one settlement period.
 *
 * @param ppsCreditSat      PPS credit from its own (dedicated) shares
 * @param feeCreditSat      FPPS fee credit from its own shares
 * @param pooledPpsSat      its part of the farm's PPS credit (pooled contracts)
 * @param pooledFeeSat      its part of the farm's FPPS fee credit
 * @param maintenanceSat    maintenance fee debited
 * @param netSat            credits − maintenance (negative: the shortfall, carried as debt in the balance)
 */
public record ContractOutcome(String contractId, long ppsCreditSat, long feeCreditSat, long pooledPpsSat, long pooledFeeSat,
                              long maintenanceSat, long netSat, CarryState carryAfter, ContractStatus statusAfter) {

    public long creditsSat() {
        return ppsCreditSat + feeCreditSat + pooledPpsSat + pooledFeeSat;
    }
}
