package dev.quarry.accounting.model;

import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;

import java.util.Objects;

/**
 * A contract holder. The payout address is validated (base58check, bech32, bech32m, and that it
 * belongs to {@code network}) when the holder is built: an invalid one throws
 * {@link dev.quarry.pow.address.InvalidAddressException} before anything is stored.
 */
public record Holder(String id, String name, String payoutAddress, Network network) {

    public Holder {
        Ids.check("holder", id);
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) throw new IllegalArgumentException("holder name must be 1-200 characters");
        Objects.requireNonNull(network, "network");
        payoutAddress = BitcoinAddress.parse(payoutAddress, network).toString(); // canonical form
    }

    /** Ledger account of this holder: what the provider owes them (positive = owed to the holder, negative = debt). */
    public String account() {
        return accountOf(id);
    }

    public static String accountOf(String holderId) {
        return "holder:" + holderId;
    }
}
