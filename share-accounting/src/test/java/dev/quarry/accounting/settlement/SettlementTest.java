package dev.quarry.accounting.settlement;

import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.ledger.LedgerEntry;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.pricing.CreditBasis;
import dev.quarry.accounting.pricing.CreditCalculator;
import dev.quarry.accounting.pricing.PayoutScheme;
import dev.quarry.accounting.pricing.PooledSplit;
import dev.quarry.accounting.pricing.Rational;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Fixture;
import dev.quarry.pow.address.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static dev.quarry.accounting.testing.Fixture.DAY;
import static dev.quarry.accounting.testing.Fixture.DAY0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettlementTest {

    static final BigInteger TARGET = BigInteger.valueOf(0x01e636).shiftLeft(160);
    static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    static AccountingConfig config(PayoutScheme scheme, int feeBps) {
        return AccountingConfig.defaults(Network.REGTEST).withSettlement(SettlementConfig.DEFAULT.withScheme(scheme, feeBps));
    }

    /** The exact value of the worked example's day after a fee. */
    static Rational workedDay(long reward, int feeBps) {
        return Rational.of(BigInteger.valueOf(2_011_656_761L).multiply(TARGET).multiply(BigInteger.valueOf(reward)).multiply(BigInteger.valueOf(10_000 - feeBps)),
                DIFF1.multiply(BigInteger.valueOf(10_000)));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void workedExampleThroughJournalSettlementAndLedger(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(PayoutScheme.PPS, 250))) {
            f.holder("alice");
            f.contract("c100", "alice", "100", 0, ContractKind.DEDICATED);
            f.journal(f.workedExampleDay("c100", DAY0));
            List<SettlementRecord> done = f.settle(DAY0.plus(DAY));
            assertEquals(1, done.size());
            assertEquals(4_135, f.accounting.ledger().balance(Accounts.holder("alice")));
            Rational exact = workedDay(312_500_000L, 250);
            assertEquals(exact.subtract(Rational.of(4_135)), f.accounting.settlement().carry("c100").ppsCarry());

            // audit: the credit's basis, stored exactly, reproduces the credit
            List<CreditBasis> basis = f.accounting.settlement().bases(done.get(0).id(), "c100");
            assertEquals(1, basis.size());
            assertEquals(new BigDecimal("2011656761"), basis.get(0).difficulty().value().stripTrailingZeros().setScale(0));
            assertEquals(30_696, basis.get(0).difficulty().count());
            assertEquals(312_500_000L, basis.get(0).subsidySat());
            assertEquals(exact, new CreditCalculator(PayoutScheme.PPS, 250).value(basis, Rational.ZERO).pps());

            // second identical day: the carried fraction makes it 4,136
            f.journal(f.workedExampleDay("c100", DAY0.plus(DAY)));
            f.settle(DAY0.plus(DAY.multipliedBy(2)));
            assertEquals(4_135 + 4_136, f.accounting.ledger().balance(Accounts.holder("alice")));
            List<LedgerEntry> entries = f.accounting.ledger().entries(Accounts.holder("alice"));
            assertEquals(List.of(4_135L, 4_136L), entries.stream().map(LedgerEntry::amountSat).toList());
            assertTrue(entries.stream().allMatch(e -> e.kind() == EntryKind.PPS_CREDIT && e.refType().equals("settlement") && "c100".equals(e.contractId())));
            assertEquals(0, f.accounting.ledger().trialBalance());

            // audit from the balance down: each entry names its settlement and contract; their stored
            // bases (exact Σd per nBits/subsidy) re-price to exactly the credited satoshis plus the carry
            Rational repriced = Rational.ZERO;
            for (LedgerEntry e : entries) {
                repriced = repriced.add(new CreditCalculator(PayoutScheme.PPS, 250)
                        .value(f.accounting.settlement().bases(Long.parseLong(e.refId()), e.contractId()), Rational.ZERO).pps());
            }
            assertEquals(repriced, Rational.of(f.accounting.ledger().balance(Accounts.holder("alice"))).add(f.accounting.settlement().carry("c100").ppsCarry()));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void fppsAddsTheAverageFeesOfRecentBlocks(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(PayoutScheme.FPPS, 250))) {
            f.holder("alice");
            f.contract("c100", "alice", "100", 0, ContractKind.DEDICATED);
            f.accounting.settlement().recordBlockFees(899_998, 2_000_000, DAY0.minusSeconds(1_200));
            f.accounting.settlement().recordBlockFees(899_999, 3_000_000, DAY0.minusSeconds(600));
            f.journal(f.workedExampleDay("c100", DAY0));
            f.settle(DAY0.plus(DAY));
            // 4,168.892002… = 4,135.805557… (pps_credit) + 33.086444… (fpps_fee_credit)
            List<LedgerEntry> entries = f.accounting.ledger().entries(Accounts.holder("alice"));
            assertEquals(4_135, entries.stream().filter(e -> e.kind() == EntryKind.PPS_CREDIT).mapToLong(LedgerEntry::amountSat).sum());
            assertEquals(33, entries.stream().filter(e -> e.kind() == EntryKind.FPPS_FEE_CREDIT).mapToLong(LedgerEntry::amountSat).sum());
            CarryState carry = f.accounting.settlement().carry("c100");
            assertEquals(workedDay(312_500_000L + 2_500_000L, 250), Rational.of(4_168).add(carry.ppsCarry()).add(carry.feeCarry()));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pooledFarmIsSplitProRataAndTheRestGoesToTheHouse(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(PayoutScheme.PPS, 0))) {
            f.holder("alice");
            f.holder("bob");
            f.contract("p10", "alice", "10", 0, ContractKind.POOLED);
            f.contract("p30", "bob", "30.5", 0, ContractKind.POOLED);
            f.contract("p2", "bob", "2.25", 0, ContractKind.POOLED);
            // the farm mines ~80 TH/s for the day: 24,557 shares of difficulty 65,536
            List<AcceptedShare> farm = new ArrayList<>();
            for (int i = 0; i < 24_557; i++) farm.add(f.share("farm", 65_536.0, 0x1701e636, 900_000, DAY0.plusMillis(i * 3_500L)));
            f.journal(farm);
            SettlementRecord s = f.settle(DAY0.plus(DAY)).get(0);

            ContractOutcome farmOutcome = s.outcomes().stream().filter(o -> o.contractId().equals("farm")).findFirst().orElseThrow();
            long farmSat = farmOutcome.ppsCreditSat();
            Rational farmExact = Rational.of(BigInteger.valueOf(24_557L * 65_536L).multiply(TARGET).multiply(BigInteger.valueOf(312_500_000L)), DIFF1);
            assertEquals(farmExact.floor().longValueExact(), farmSat);

            long alice = f.accounting.ledger().balance(Accounts.holder("alice"));
            long bob = f.accounting.ledger().balance(Accounts.holder("bob"));
            long house = f.accounting.ledger().balance(Accounts.HOUSE);
            assertEquals(farmSat, alice + bob + house, "every satoshi the farm produced, and no more");
            Rational measured = PooledSplit.measuredHashrateMths(Rational.of(24_557L * 65_536L), 86_400);
            assertExactWithinOne(Rational.of(farmSat).multiply(Rational.of(10_000)).divide(measured), alice);
            assertExactWithinOne(Rational.of(farmSat).multiply(Rational.of(32_750)).divide(measured), bob);
            assertTrue(house > 0 && alice < bob, "farm larger than the contracts: the house keeps the unsold part");
            assertEquals(0, f.accounting.ledger().trialBalance());
        }
    }

    private static void assertExactWithinOne(Rational exact, long actual) {
        Rational diff = Rational.of(actual).subtract(exact);
        assertTrue(diff.compareTo(Rational.of(-2)) > 0 && diff.compareTo(Rational.of(2)) < 0, actual + " vs exact " + exact.toBigDecimal(3));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unprofitableDaysAreDebtAndSuspendTheContract(Dialect dialect) {
        AccountingConfig cfg = AccountingConfig.defaults(Network.REGTEST).withSettlement(SettlementConfig.DEFAULT.withSuspendAfter(3));
        try (Fixture f = new Fixture(dialect, cfg)) {
            f.holder("carol");
            // 12.5 TH/s at 1,001 sat per TH/s per day = 12,512.5 sat/day; its rigs earn far less
            f.contract("c12", "carol", "12.5", 1_001, ContractKind.DEDICATED);
            for (int day = 0; day < 3; day++) {
                f.journal(List.of(f.share("c12", 65_536.0, 0x1701e636, 900_000, DAY0.plus(DAY.multipliedBy(day)).plusSeconds(60))));
                f.settle(DAY0.plus(DAY.multipliedBy(day + 1)));
                ContractStatus expected = day < 2 ? ContractStatus.ACTIVE : ContractStatus.SUSPENDED;
                assertEquals(expected, f.accounting.contracts().requireContract("c12").status(), "after day " + (day + 1));
                assertEquals(day + 1, f.accounting.settlement().carry("c12").unprofitableStreak());
            }
            // fees 12,512.5 × 3 = 37,537.5 → 12,512 + 12,513 + 12,512 debited (half satoshis carried)
            List<LedgerEntry> fees = f.accounting.ledger().entries(Accounts.holder("carol")).stream()
                    .filter(e -> e.kind() == EntryKind.MAINTENANCE_FEE).toList();
            assertEquals(List.of(-12_512L, -12_513L, -12_512L), fees.stream().map(LedgerEntry::amountSat).toList());
            long balance = f.accounting.ledger().balance(Accounts.holder("carol"));
            assertTrue(balance < -37_000, "the shortfall is carried as debt: " + balance);
            assertEquals(Rational.of(1, 2), f.accounting.settlement().carry("c12").maintenanceCarry());

            // suspended: the worker is refused, no more fees; credits for shares already accepted still pay off the debt
            assertTrue(f.accounting.contractForWorker("c12").isEmpty());
            f.journal(f.workedExampleDay("c12", DAY0.plus(DAY.multipliedBy(3))));
            f.settle(DAY0.plus(DAY.multipliedBy(4)));
            long fee4 = f.accounting.ledger().entries(Accounts.holder("carol")).stream().filter(e -> e.kind() == EntryKind.MAINTENANCE_FEE).count();
            assertEquals(3, fee4);
            assertTrue(f.accounting.ledger().balance(Accounts.holder("carol")) > balance);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aProfitableDayResetsTheStreak(Dialect dialect) {
        AccountingConfig cfg = AccountingConfig.defaults(Network.REGTEST).withSettlement(SettlementConfig.DEFAULT.withSuspendAfter(2));
        try (Fixture f = new Fixture(dialect, cfg)) {
            f.holder("dan");
            f.contract("c100", "dan", "100", 30, ContractKind.DEDICATED); // 3,000 sat/day; the worked day earns 4,241
            f.settle(DAY0.plus(DAY)); // no shares: unprofitable
            assertEquals(1, f.accounting.settlement().carry("c100").unprofitableStreak());
            f.journal(f.workedExampleDay("c100", DAY0.plus(DAY)));
            f.settle(DAY0.plus(DAY.multipliedBy(2)));
            assertEquals(0, f.accounting.settlement().carry("c100").unprofitableStreak());
            f.settle(DAY0.plus(DAY.multipliedBy(3)));
            assertEquals(ContractStatus.ACTIVE, f.accounting.contracts().requireContract("c100").status());
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aShareJournaledAfterItsPeriodClosedIsCreditedOnceInTheNext(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(PayoutScheme.PPS, 0))) {
            f.holder("erin");
            f.contract("c1", "erin", "1", 0, ContractKind.DEDICATED);
            f.journal(List.of(f.share("c1", 1e9, 0x1701e636, 900_000, DAY0.plusSeconds(10))));
            f.settle(DAY0.plus(DAY));
            // accepted at 23:59:59 on day 0, but journaled only now (after day 0 was settled)
            f.journal(List.of(f.share("c1", 1e9, 0x1701e636, 900_000, DAY0.plus(DAY).minusSeconds(1))));
            f.settle(DAY0.plus(DAY.multipliedBy(2)));
            f.settle(DAY0.plus(DAY.multipliedBy(3)));
            long credited = f.testDb.open().read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT SUM(share_count) FROM credit_basis WHERE contract_id = 'c1'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(2, credited);
            Rational two = Rational.of(BigInteger.valueOf(2_000_000_000L).multiply(TARGET).multiply(BigInteger.valueOf(312_500_000L)), DIFF1);
            assertEquals(two.floor().longValueExact(), f.accounting.ledger().balance(Accounts.holder("erin")));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void retentionRollsSharesIntoHourlyAggregatesAndCreditsStayAuditable(Dialect dialect) {
        try (Fixture f = new Fixture(dialect, config(PayoutScheme.PPS, 100))) {
            f.holder("fay");
            f.contract("c5", "fay", "5", 0, ContractKind.DEDICATED);
            List<AcceptedShare> shares = new ArrayList<>();
            for (int i = 0; i < 500; i++) shares.add(f.share("c5", 1_000.0 + i * 0.125, 0x1701e636, 900_000 + (i % 3), DAY0.plusSeconds(i * 170L)));
            f.journal(shares);
            SettlementRecord s = f.settle(DAY0.plus(DAY)).get(0);
            // a newer share, inside the retention window, stays
            f.journal(List.of(f.share("c5", 5.0, 0x1701e636, 900_000, DAY0.plus(Duration30.DAYS_29))));
            long balanceBefore = f.accounting.ledger().balance(Accounts.holder("fay"));

            long rolled = f.accounting.retention().rollUp(DAY0.plus(java.time.Duration.ofDays(31)));
            assertEquals(500, rolled);
            assertEquals(0, f.accounting.retention().rollUp(DAY0.plus(java.time.Duration.ofDays(31))), "idempotent");
            assertEquals(balanceBefore, f.accounting.ledger().balance(Accounts.holder("fay")));
            f.testDb.open().read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM accepted_share"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getLong(1), "only the recent share is kept individually");
                }
                // Σ of the hourly aggregates of that settlement = the exact credit basis
                BigDecimal sum = BigDecimal.ZERO;
                long count = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT difficulty_sum, share_count FROM share_hour WHERE settlement_id = ? AND contract_id = 'c5'")) {
                    ps.setLong(1, s.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sum = sum.add(new BigDecimal(rs.getString(1)));
                            count += rs.getLong(2);
                        }
                    }
                }
                BigDecimal basis = f.accounting.settlement().bases(s.id(), "c5").stream().map(b -> b.difficulty().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertEquals(0, basis.compareTo(sum));
                assertEquals(500, count);
                BigDecimal expected = BigDecimal.ZERO;
                for (int i = 0; i < 500; i++) expected = expected.add(new BigDecimal(1_000.0 + i * 0.125));
                assertEquals(0, expected.compareTo(sum));
                return null;
            });
        }
    }

    private static final class Duration30 {
        static final java.time.Duration DAYS_29 = java.time.Duration.ofDays(29);
    }
}
