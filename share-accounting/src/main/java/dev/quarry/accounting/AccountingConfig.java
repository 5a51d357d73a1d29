package dev.quarry.accounting;

import dev.quarry.accounting.journal.JournalConfig;
import dev.quarry.accounting.payout.PayoutConfig;
import dev.quarry.accounting.settlement.SettlementConfig;
import dev.quarry.pow.address.Network;

import java.util.Objects;

/** Everything accounting needs besides the database, the wallet and the clock. */
public record AccountingConfig(Network network, JournalConfig journal, SettlementConfig settlement, PayoutConfig payout) {

    public AccountingConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(payout, "payout");
    }

    public static AccountingConfig defaults(Network network) {
        return new AccountingConfig(network, JournalConfig.DEFAULT, SettlementConfig.DEFAULT, PayoutConfig.DEFAULT);
    }

    public AccountingConfig withSettlement(SettlementConfig s) {
        return new AccountingConfig(network, journal, s, payout);
    }

    public AccountingConfig withJournal(JournalConfig j) {
        return new AccountingConfig(network, j, settlement, payout);
    }

    public AccountingConfig withPayout(PayoutConfig p) {
        return new AccountingConfig(network, journal, settlement, p);
    }
}
