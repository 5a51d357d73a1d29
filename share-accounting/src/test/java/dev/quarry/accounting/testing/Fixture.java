package dev.quarry.accounting.testing;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.ledger.LedgerTransaction;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.model.Hashrate;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.payout.InMemoryWallet;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** An Accounting on a fresh test database, a hand-moved clock and an in-memory wallet. */
public final class Fixture implements AutoCloseable {

    public static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration DAY = Duration.ofDays(1);

    public final TestDb testDb;
    public final MutableClock clock = new MutableClock(DAY0);
    public final InMemoryWallet wallet = new InMemoryWallet();
    public final AccountingConfig config;
    public Accounting accounting;
    private final AtomicLong shareCounter = new AtomicLong(1_000_000);

    public Fixture(Dialect dialect, AccountingConfig config) {
        this.testDb = TestDb.create(dialect);
        this.config = config;
        this.accounting = Accounting.open(testDb.open(), config, wallet, clock);
    }

    public Fixture(Dialect dialect) {
        this(dialect, AccountingConfig.defaults(Network.REGTEST));
    }

    /** Simulates a restart: closes accounting and the database, then opens both again. */
    public void restart() {
        accounting.close();
        testDb.closeDatabase();
        accounting = Accounting.open(testDb.open(), config, wallet, clock);
    }

    public static String address(int seed) {
        byte[] script = new byte[22];
        script[1] = 20;
        script[2] = (byte) seed;
        return BitcoinAddress.fromScriptPubKey(script, Network.REGTEST).toString();
    }

    public Holder holder(String id) {
        return accounting.contracts().createHolder(new Holder(id, "Holder " + id, address(id.hashCode()), Network.REGTEST));
    }

    public Contract contract(String id, String holder, String ths, long feePerThDay, ContractKind kind) {
        return accounting.contracts().createContract(new Contract(id, holder, Hashrate.ofThs(ths), DAY0, DAY0.plus(Duration.ofDays(365)),
                1_000_000, feePerThDay, kind, ContractStatus.ACTIVE));
    }

    public AcceptedShare share(String account, double difficulty, int nBits, long height, Instant at) {
        long n = shareCounter.incrementAndGet();
        return new AcceptedShare(Shares.hash(n), at.toEpochMilli(), account, account + ".rig", "j" + n,
                "00000000ffff0000000000000000000000000000000000000000000000000000", difficulty, difficulty, nBits, height, false);
    }

    /** Journals shares and waits until all are durable. */
    public void journal(List<AcceptedShare> shares) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (AcceptedShare s : shares) acks.add(accounting.journal().append(s));
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("journal failed", e);
        }
    }

    /** The worked example's day of shares for {@code account}: Σd = 2,011,656,761 spread over the day starting at {@code day}. */
    public List<AcceptedShare> workedExampleDay(String account, Instant day) {
        List<AcceptedShare> out = new ArrayList<>();
        for (int i = 0; i < 30_695; i++) out.add(share(account, 65_536.0, 0x1701e636, 900_000, day.plusMillis(i * 2_800L)));
        out.add(share(account, 29_241.0, 0x1701e636, 900_000, day.plusMillis(86_000_000L)));
        return out;
    }

    /** Settles what is due at {@code now}, with the clock at {@code now} (as in production). */
    public java.util.List<dev.quarry.accounting.settlement.SettlementRecord> settle(Instant now) {
        clock.set(now);
        return accounting.settlement().settleDue(now);
    }

    /** Gives a holder balance directly (an adjustment from mining revenue), for payout tests. */
    public void fund(String holderId, long sat) {
        accounting.ledger().post(new LedgerTransaction("test", "fund").move(Accounts.MINING_REVENUE, Accounts.holder(holderId), sat, EntryKind.ADJUSTMENT, null));
    }

    @Override
    public void close() {
        accounting.close();
        testDb.close();
    }
}
