package dev.quarry.accounting.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A cloud-mining contract.
 *
 * @param pricePaidSat                what the holder paid for it
 * @param maintenanceFeeSatPerThDay   maintenance fee in satoshis per TH/s per day
 */
public record Contract(String id, String holderId, Hashrate hashrate, Instant start, Instant end,
                       long pricePaidSat, long maintenanceFeeSatPerThDay, ContractKind kind, ContractStatus status) {

    public Contract {
        Ids.check("contract", id);
        Ids.check("holder", holderId);
        Objects.requireNonNull(hashrate, "hashrate");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (!end.isAfter(start)) throw new IllegalArgumentException("contract end must be after its start");
        if (pricePaidSat < 0) throw new IllegalArgumentException("price paid must be >= 0 sat");
        if (maintenanceFeeSatPerThDay < 0) throw new IllegalArgumentException("maintenance fee must be >= 0 sat");
    }

    public boolean isActive() {
        return status == ContractStatus.ACTIVE;
    }

    public Contract withStatus(ContractStatus s) {
        return new Contract(id, holderId, hashrate, start, end, pricePaidSat, maintenanceFeeSatPerThDay, kind, s);
    }

    public Contract withHashrate(Hashrate h) {
        return new Contract(id, holderId, h, start, end, pricePaidSat, maintenanceFeeSatPerThDay, kind, status);
    }
}
