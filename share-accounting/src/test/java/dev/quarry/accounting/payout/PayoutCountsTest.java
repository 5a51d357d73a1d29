package dev.quarry.accounting.payout;

import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Payouts counted by status (the payouts metric). */
class PayoutCountsTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void countsEveryStatusIncludingZeroes(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, PayoutServiceTest.config(10_000))) {
            PayoutService payouts = f.accounting.payouts();
            assertEquals(Map.of(PayoutStatus.PENDING, 0L, PayoutStatus.SENT, 0L, PayoutStatus.FAILED, 0L), payouts.countByStatus());
            f.holder("alice");
            f.fund("alice", 1_000_000);
            payouts.requestPayout("alice", "k1", 100_000L);
            payouts.requestPayout("alice", "k2", 100_000L);
            f.wallet.rejectNextSend("insufficient funds in the hot wallet");
            payouts.requestPayout("alice", "k3", 100_000L);
            f.wallet.crashAfterNextSend();
            payouts.requestPayout("alice", "k4", 100_000L);
            assertEquals(Map.of(PayoutStatus.PENDING, 1L, PayoutStatus.SENT, 2L, PayoutStatus.FAILED, 1L), payouts.countByStatus());
        }
    }
}
