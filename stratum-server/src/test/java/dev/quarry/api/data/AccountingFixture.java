package dev.quarry.api.data;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.model.Hashrate;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.payout.InMemoryWallet;
import dev.quarry.accounting.payout.PayoutConfig;
import dev.quarry.accounting.settlement.SettlementConfig;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Real accounting on a SQLite file: a holder with a dedicated contract, shares written through the
 * real share journal and credited by the real settlement (one-minute periods so tests can close them).
 */
public final class AccountingFixture implements AutoCloseable {

    /** Difficulty-1 network: a share of difficulty d earns d × 50 BTC (no fee). */
    public static final int NBITS_DIFF1 = 0x1d00ffff;
    /** 2^-20: an exact binary fraction, 5e9 / 2^20 = 4768.37158203125 sat per share. */
    public static final double SHARE_DIFFICULTY = 1.0 / (1 << 20);

    public final Accounting accounting;
    public final InMemoryWallet wallet = new InMemoryWallet();
    private long counter;

    public AccountingFixture(Path dataDir, Clock clock) {
        AccountingConfig cfg = AccountingConfig.defaults(Network.REGTEST)
                .withSettlement(SettlementConfig.DEFAULT.withPeriod(Duration.ofMinutes(1)))
                .withPayout(new PayoutConfig(1_000, 5_000_000));
        this.accounting = Accounting.openSqlite(dataDir, cfg, wallet, clock);
    }

    public static String regtestAddress(int seed) {
        byte[] script = new byte[22];
        script[1] = 20;
        script[2] = (byte) seed;
        return BitcoinAddress.fromScriptPubKey(script, Network.REGTEST).toString();
    }

    public void holderWithContract(String holderId, String contractId, Instant start) {
        accounting.contracts().createHolder(new Holder(holderId, "Holder " + holderId, regtestAddress(holderId.hashCode() & 0x7f), Network.REGTEST));
        accounting.contracts().createContract(new Contract(contractId, holderId, Hashrate.ofThs("10"), start,
                start.plus(Duration.ofDays(365)), 1_000_000, 0, ContractKind.DEDICATED, ContractStatus.ACTIVE));
    }

    /** Appends one share through the real journal and waits until it is durable. */
    public AcceptedShare share(String contractId, String rig, long timeMs, double difficulty) throws Exception {
        long n = ++counter;
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(16).putLong(timeMs).putLong(n).array());
        AcceptedShare s = new AcceptedShare(hash, timeMs, contractId, contractId + "." + rig, "job" + n,
                "00000000ffff0000000000000000000000000000000000000000000000000000", difficulty, difficulty * 3, NBITS_DIFF1, 100, false);
        accounting.journal().append(s).get(30, TimeUnit.SECONDS);
        return s;
    }

    @Override
    public void close() {
        accounting.close();
    }
}
