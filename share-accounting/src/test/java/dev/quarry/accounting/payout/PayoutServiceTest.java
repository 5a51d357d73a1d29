package dev.quarry.accounting.payout;

import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Fixture;
import dev.quarry.pow.address.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayoutServiceTest {

    static AccountingConfig config(long minimum) {
        return AccountingConfig.defaults(Network.REGTEST).withPayout(new PayoutConfig(minimum, 4_000_000));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentDuplicateRequestsPayOnce(Dialect dialect) throws Exception {
        try (Fixture f = new Fixture(dialect, config(10_000))) {
            f.holder("alice");
            f.fund("alice", 1_000_000);
            int threads = 12;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PayoutResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<PayoutResult> call = () -> {
                    go.await();
                    return f.accounting.payouts().requestPayout("alice", "key-1", 250_000L);
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            Set<PayoutResult> distinct = new HashSet<>();
            for (Future<PayoutResult> r : results) distinct.add(r.get(60, TimeUnit.SECONDS));
            pool.shutdown();
            assertEquals(1, distinct.size(), "every duplicate gets the first result");
            PayoutResult r = distinct.iterator().next();
            assertEquals(PayoutStatus.SENT, r.status());
            assertNotNull(r.txid());
            assertEquals(1, f.wallet.sent().size());
            assertEquals(1, f.wallet.sendCount(r.payoutId()));
            assertEquals(750_000, f.accounting.ledger().balance(Accounts.holder("alice")));
            assertEquals(250_000, f.accounting.ledger().balance(Accounts.WALLET_OUT));
            assertEquals(0, f.accounting.ledger().trialBalance());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sameKeyWithADifferentBodyIsRefused(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("alice");
            f.fund("alice", 100_000);
            PayoutResult first = f.accounting.payouts().requestPayout("alice", "k", 1_000L);
            assertThrows(IdempotencyConflictException.class, () -> f.accounting.payouts().requestPayout("alice", "k", 2_000L));
            assertThrows(IdempotencyConflictException.class, () -> f.accounting.payouts().requestPayout("alice", "k", null));
            assertEquals(first, f.accounting.payouts().requestPayout("alice", "k", 1_000L));
            assertEquals(99_000, f.accounting.ledger().balance(Accounts.holder("alice")));
            // "all" pays the whole balance, once
            PayoutResult all = f.accounting.payouts().requestPayout("alice", "k-all", null);
            assertEquals(99_000, all.amountSat());
            assertEquals(all, f.accounting.payouts().requestPayout("alice", "k-all", null));
            assertEquals(0, f.accounting.ledger().balance(Accounts.holder("alice")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void minimumAndBalanceAreEnforcedAndNothingIsRecordedWhenRefused(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(50_000))) {
            f.holder("bob");
            f.fund("bob", 60_000);
            RequestRefusedException below = assertThrows(RequestRefusedException.class, () -> f.accounting.payouts().requestPayout("bob", "a", 49_999L));
            assertEquals(RequestRefusedException.Reason.BELOW_MINIMUM, below.reason());
            RequestRefusedException tooMuch = assertThrows(RequestRefusedException.class, () -> f.accounting.payouts().requestPayout("bob", "b", 60_001L));
            assertEquals(RequestRefusedException.Reason.INSUFFICIENT_BALANCE, tooMuch.reason());
            RequestRefusedException zero = assertThrows(RequestRefusedException.class, () -> f.accounting.payouts().requestPayout("bob", "c", 0L));
            assertEquals(RequestRefusedException.Reason.INVALID_AMOUNT, zero.reason());
            assertEquals(60_000, f.accounting.ledger().balance(Accounts.holder("bob")));
            assertTrue(f.wallet.sent().isEmpty());
            assertEquals(PayoutStatus.SENT, f.accounting.payouts().requestPayout("bob", "a", 50_000L).status());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCrashBetweenSendingAndRecordingIsReconciledOnRestartWithoutSendingTwice(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("carol");
            f.fund("carol", 500_000);
            f.wallet.crashAfterNextSend();
            PayoutResult r = f.accounting.payouts().requestPayout("carol", "k1", 300_000L);
            assertEquals(PayoutStatus.PENDING, r.status(), "the txid could not be recorded");
            assertEquals(1, f.wallet.sendCount(r.payoutId()));
            assertEquals(200_000, f.accounting.ledger().balance(Accounts.holder("carol")), "debited when the intent was recorded");

            f.restart(); // reconcile() runs on open
            PayoutResult after = f.accounting.payouts().payout(r.payoutId()).orElseThrow();
            assertEquals(PayoutStatus.SENT, after.status());
            assertEquals(f.wallet.findByIntent(r.payoutId()).orElseThrow(), after.txid());
            assertEquals(1, f.wallet.sendCount(r.payoutId()), "never sent twice");
            assertEquals(after, f.accounting.payouts().requestPayout("carol", "k1", 300_000L));
            assertEquals(1, f.wallet.sendCount(r.payoutId()));
            assertEquals(200_000, f.accounting.ledger().balance(Accounts.holder("carol")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anIntentThatWasNeverSentIsSentOnceOnRestart(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("dan");
            f.fund("dan", 500_000);
            // the wallet was unreachable: outcome unknown, nothing sent
            Wallet down = new Wallet() {
                @Override
                public String sendMany(String intentId, java.util.Map<String, Long> outputs) {
                    throw new IllegalStateException("connection refused");
                }

                @Override
                public java.util.Optional<String> findByIntent(String intentId) {
                    return java.util.Optional.empty();
                }
            };
            PayoutService withDownWallet = new PayoutService(f.testDb.open(), f.accounting.contracts(), f.accounting.ledger(), down,
                    new PayoutConfig(0, 1), f.clock);
            PayoutResult r = withDownWallet.requestPayout("dan", "k", 100_000L);
            assertEquals(PayoutStatus.PENDING, r.status());
            assertEquals(0, f.wallet.sendCount(r.payoutId()));
            f.restart();
            assertEquals(1, f.wallet.sendCount(r.payoutId()));
            assertEquals(PayoutStatus.SENT, f.accounting.payouts().payout(r.payoutId()).orElseThrow().status());
            f.restart();
            assertEquals(1, f.wallet.sendCount(r.payoutId()), "a second restart sends nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWalletThatCannotAnswerOnRestartLeavesTheIntentPendingAndSendsNothing(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("fay");
            f.fund("fay", 300_000);
            f.wallet.crashAfterNextSend(); // sent, but the txid was never recorded
            PayoutResult r = f.accounting.payouts().requestPayout("fay", "k", 300_000L);
            assertEquals(PayoutStatus.PENDING, r.status());
            Wallet unreachable = new Wallet() {
                @Override
                public String sendMany(String intentId, java.util.Map<String, Long> outputs) {
                    throw new AssertionError("reconcile must not send what it could not look up");
                }

                @Override
                public java.util.Optional<String> findByIntent(String intentId) {
                    throw new IllegalStateException("wallet RPC unreachable");
                }
            };
            PayoutService blind = new PayoutService(f.testDb.open(), f.accounting.contracts(), f.accounting.ledger(), unreachable,
                    new PayoutConfig(0, 1), f.clock);
            List<PayoutResult> results = blind.reconcile();
            assertEquals(List.of(PayoutStatus.PENDING), results.stream().map(PayoutResult::status).toList());
            assertEquals(PayoutStatus.PENDING, f.accounting.payouts().payout(r.payoutId()).orElseThrow().status());
            assertEquals(0, f.accounting.ledger().balance(Accounts.holder("fay")), "still debited: it may have been sent");
            f.restart(); // the wallet answers again
            PayoutResult after = f.accounting.payouts().payout(r.payoutId()).orElseThrow();
            assertEquals(PayoutStatus.SENT, after.status());
            assertEquals(1, f.wallet.sendCount(r.payoutId()), "found by its intent id, never sent twice");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRefusedPaymentIsFailedAndReversed(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("erin");
            f.fund("erin", 10_000);
            f.wallet.rejectNextSend("insufficient funds in the hot wallet");
            PayoutResult r = f.accounting.payouts().requestPayout("erin", "k", 10_000L);
            assertEquals(PayoutStatus.FAILED, r.status());
            assertEquals(10_000, f.accounting.ledger().balance(Accounts.holder("erin")));
            assertEquals(0, f.accounting.ledger().balance(Accounts.WALLET_OUT));
            assertTrue(f.accounting.ledger().entries(Accounts.holder("erin")).stream().anyMatch(e -> e.kind() == EntryKind.ADJUSTMENT && e.amountSat() == 10_000));
            assertEquals(r, f.accounting.payouts().requestPayout("erin", "k", 10_000L), "the same key returns the first (failed) result");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reinvestTurnsBalanceIntoHashrateAtThePrice(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(0))) {
            f.holder("fay");
            f.holder("gus");
            f.contract("c1", "fay", "10", 0, ContractKind.DEDICATED);
            f.contract("g1", "gus", "10", 0, ContractKind.DEDICATED);
            f.fund("fay", 10_001_999);
            // price 4,000,000 sat per TH/s: 10,001,999 sat buys 2.500 TH/s (2,500 mTH/s) for exactly 10,000,000 sat
            ReinvestResult r = f.accounting.payouts().reinvest("fay", "c1", "r1", null);
            assertEquals(2_500, r.addedMilliThs());
            assertEquals(10_000_000, r.costSat());
            assertEquals(1_999, f.accounting.ledger().balance(Accounts.holder("fay")));
            assertEquals("12.500", f.accounting.contracts().requireContract("c1").hashrate().ths().toPlainString());
            assertEquals(r, f.accounting.payouts().reinvest("fay", "c1", "r1", null));
            assertEquals("12.500", f.accounting.contracts().requireContract("c1").hashrate().ths().toPlainString());
            assertThrows(IdempotencyConflictException.class, () -> f.accounting.payouts().reinvest("fay", "c1", "r1", 5L));
            RequestRefusedException notOwned = assertThrows(RequestRefusedException.class, () -> f.accounting.payouts().reinvest("fay", "g1", "r2", 1_000L));
            assertEquals(RequestRefusedException.Reason.CONTRACT_NOT_OWNED, notOwned.reason());
            RequestRefusedException nothing = assertThrows(RequestRefusedException.class, () -> f.accounting.payouts().reinvest("fay", "c1", "r3", 1_999L));
            assertEquals(RequestRefusedException.Reason.AMOUNT_BUYS_NOTHING, nothing.reason());
            assertEquals(0, f.accounting.ledger().trialBalance());
        }
    }
}
