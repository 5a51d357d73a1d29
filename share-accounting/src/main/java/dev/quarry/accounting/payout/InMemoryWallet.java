package dev.quarry.accounting.payout;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wallet in memory, for tests and demos: it "sends" by remembering the transaction under its
 * intent id (as bitcoind would keep the label). It can simulate a crash right after sending
 * ({@link #crashAfterNextSend()}) and a refusal ({@link #rejectNextSend(String)}).
 * Sending the same intent twice is recorded, so tests can prove it never happens.
 */
public final class InMemoryWallet implements Wallet {

    public record Sent(String intentId, String txid, Map<String, Long> outputs) {
    }

    private final Map<String, Sent> byIntent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private volatile boolean crashAfterNext;
    private volatile String rejectNext;

    @Override
    public synchronized String sendMany(String intentId, Map<String, Long> outputsSat) {
        if (rejectNext != null) {
            String why = rejectNext;
            rejectNext = null;
            throw new WalletRejectedException(why);
        }
        sends.computeIfAbsent(intentId, k -> new AtomicInteger()).incrementAndGet();
        String txid = txid(intentId, sends.get(intentId).get());
        byIntent.putIfAbsent(intentId, new Sent(intentId, txid, new LinkedHashMap<>(outputsSat)));
        if (crashAfterNext) {
            crashAfterNext = false;
            throw new IllegalStateException("simulated crash after the wallet sent " + txid);
        }
        return txid;
    }

    @Override
    public Optional<String> findByIntent(String intentId) {
        return Optional.ofNullable(byIntent.get(intentId)).map(Sent::txid);
    }

    /** The next send succeeds in the wallet, then throws as if the process died before the txid was recorded. */
    public void crashAfterNextSend() {
        crashAfterNext = true;
    }

    public void rejectNextSend(String reason) {
        rejectNext = reason;
    }

    /** How many times the wallet sent for this intent (must never exceed 1). */
    public int sendCount(String intentId) {
        AtomicInteger n = sends.get(intentId);
        return n == null ? 0 : n.get();
    }

    public List<Sent> sent() {
        return List.copyOf(byIntent.values());
    }

    private static String txid(String intentId, int n) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((intentId + "#" + n).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
