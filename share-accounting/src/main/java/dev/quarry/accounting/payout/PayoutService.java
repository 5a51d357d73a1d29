package dev.quarry.accounting.payout;

import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.ledger.Ledger;
import dev.quarry.accounting.ledger.LedgerTransaction;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.model.ContractStore;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.model.UnknownHolderException;
import dev.quarry.accounting.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Payouts and reinvestment, idempotent by (holder, Idempotency-Key).
 *
 * <p>Payout order of events, chosen so that a crash at any point neither loses nor doubles money:
 * <ol>
 * <li>one DB transaction: the intent row (status pending, with a fresh intent id) AND the ledger
 *     debit of the holder — recorded BEFORE anything is sent;</li>
 * <li>{@link Wallet#sendMany}, tagged with the intent id (bitcoind: the transaction's comment);</li>
 * <li>txid recorded (status sent). If the wallet definitely refused, the intent is failed and the
 *     debit reversed by a new entry.</li>
 * </ol>
 * A crash between 2 and 3 leaves a pending intent; {@link #reconcile()} (run on start) asks the
 * wallet for the intent id: found → record its txid; not found → it was never sent, send it now.
 * So an intent is sent at most once.
 *
 * <p>Requests of one holder are serialized by an in-process lock, which also makes concurrent
 * duplicates of one request wait for and return the first result. One accounting service owns
 * payouts (the unique (holder, key) constraint backs this up in the database).
 */
public final class PayoutService {

    private static final Logger log = LoggerFactory.getLogger(PayoutService.class);
    public static final String REF_PAYOUT = "payout";
    public static final String REF_REINVEST = "reinvest";

    private final Database db;
    private final ContractStore contracts;
    private final Ledger ledger;
    private final Wallet wallet;
    private final PayoutConfig config;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public PayoutService(Database db, ContractStore contracts, Ledger ledger, Wallet wallet, PayoutConfig config, Clock clock) {
        this.db = db;
        this.contracts = contracts;
        this.ledger = ledger;
        this.wallet = wallet;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Pays {@code amountSat} (null = the whole balance) to the holder's payout address.
     *
     * @throws IdempotencyConflictException the key was used with a different body
     * @throws RequestRefusedException      invalid amount, below the minimum, more than the balance
     */
    public PayoutResult requestPayout(String holderId, String idempotencyKey, Long amountSat) {
        checkKey(idempotencyKey);
        String digest = digest("payout", holderId, amountSat == null ? "all" : Long.toString(amountSat));
        ReentrantLock lock = locks.computeIfAbsent(holderId, h -> new ReentrantLock());
        lock.lock();
        try {
            Optional<StoredPayout> existing = findPayout(holderId, idempotencyKey);
            if (existing.isPresent()) {
                if (!existing.get().digest.equals(digest)) throw new IdempotencyConflictException(idempotencyKey);
                return existing.get().result;
            }
            Holder holder = contracts.requireHolder(holderId);
            long balance = ledger.balance(holder.account());
            long amount = amountSat == null ? balance : amountSat;
            if (amountSat != null && amountSat <= 0) throw new RequestRefusedException(RequestRefusedException.Reason.INVALID_AMOUNT, "payout amount must be > 0 sat");
            if (amount <= 0) throw new RequestRefusedException(RequestRefusedException.Reason.INSUFFICIENT_BALANCE, "nothing to pay out: balance is " + balance + " sat");
            if (amount < config.minimumPayoutSat()) {
                throw new RequestRefusedException(RequestRefusedException.Reason.BELOW_MINIMUM,
                        "payout of " + amount + " sat is below the minimum of " + config.minimumPayoutSat() + " sat");
            }
            if (amount > balance) {
                throw new RequestRefusedException(RequestRefusedException.Reason.INSUFFICIENT_BALANCE,
                        "payout of " + amount + " sat exceeds the balance of " + balance + " sat");
            }
            String id = UUID.randomUUID().toString();
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO payout (id, holder_id, idempotency_key, request_digest,"
                        + " amount_sat, address, status, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, holderId);
                    ps.setString(3, idempotencyKey);
                    ps.setString(4, digest);
                    ps.setLong(5, amount);
                    ps.setString(6, holder.payoutAddress());
                    ps.setString(7, PayoutStatus.PENDING.dbName());
                    ps.setLong(8, clock.millis());
                    ps.executeUpdate();
                }
                ledger.post(c, new LedgerTransaction(REF_PAYOUT, id).move(holder.account(), Accounts.WALLET_OUT, amount, EntryKind.PAYOUT, null));
                return null;
            });
            return send(new PayoutResult(id, holderId, amount, holder.payoutAddress(), PayoutStatus.PENDING, null, null));
        } finally {
            lock.unlock();
        }
    }

    private PayoutResult send(PayoutResult intent) {
        String txid;
        try {
            txid = wallet.sendMany(intent.payoutId(), Map.of(intent.address(), intent.amountSat()));
        } catch (WalletRejectedException refused) {
            db.inTransaction(c -> {
                if (updateStatus(c, intent.payoutId(), PayoutStatus.FAILED, null, refused.getMessage())) {
                    ledger.post(c, new LedgerTransaction(REF_PAYOUT, intent.payoutId())
                            .move(Accounts.WALLET_OUT, Accounts.holder(intent.holderId()), intent.amountSat(), EntryKind.ADJUSTMENT, null));
                }
                return null;
            });
            log.warn("payout {} refused by the wallet: {}", intent.payoutId(), refused.getMessage());
            return new PayoutResult(intent.payoutId(), intent.holderId(), intent.amountSat(), intent.address(), PayoutStatus.FAILED, null, refused.getMessage());
        } catch (RuntimeException unknown) {
            // The wallet may or may not have sent: leave the intent pending; reconcile() finds out by intent id.
            log.error("payout {}: outcome unknown ({}); left pending for reconciliation", intent.payoutId(), unknown.toString());
            return intent;
        }
        recordSent(intent.payoutId(), txid);
        return new PayoutResult(intent.payoutId(), intent.holderId(), intent.amountSat(), intent.address(), PayoutStatus.SENT, txid, null);
    }

    private void recordSent(String payoutId, String txid) {
        db.inTransaction(c -> updateStatus(c, payoutId, PayoutStatus.SENT, txid, null));
    }

    private static boolean updateStatus(Connection c, String id, PayoutStatus status, String txid, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE payout SET status = ?, txid = ?, error = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, status.dbName());
            ps.setString(2, txid);
            ps.setString(3, error == null ? null : error.substring(0, Math.min(400, error.length())));
            ps.setString(4, id);
            ps.setString(5, PayoutStatus.PENDING.dbName());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Settles pending intents after a restart: if the wallet knows the intent id, its txid is
     * recorded; otherwise the intent was never sent and is sent now. If the wallet cannot answer,
     * the intent stays pending (nothing is sent) and is looked at again on the next call. Returns
     * the results.
     */
    public List<PayoutResult> reconcile() {
        List<PayoutResult> out = new ArrayList<>();
        for (PayoutResult p : payouts(PayoutStatus.PENDING)) {
            ReentrantLock lock = locks.computeIfAbsent(p.holderId(), h -> new ReentrantLock());
            lock.lock();
            try {
                Optional<String> txid;
                try {
                    txid = wallet.findByIntent(p.payoutId());
                } catch (RuntimeException unknown) {
                    // Not knowing is not "not sent": sending now could pay twice. The pool still starts;
                    // the intent stays pending (balance debited) until a later reconciliation finds out.
                    log.error("payout {}: cannot ask the wallet whether it was sent ({}); left pending", p.payoutId(), unknown.toString());
                    out.add(p);
                    continue;
                }
                if (txid.isPresent()) {
                    recordSent(p.payoutId(), txid.get());
                    log.info("payout {} was sent before the crash as {}; recorded", p.payoutId(), txid.get());
                    out.add(new PayoutResult(p.payoutId(), p.holderId(), p.amountSat(), p.address(), PayoutStatus.SENT, txid.get(), null));
                } else {
                    log.info("payout {} was never sent; sending now", p.payoutId());
                    out.add(send(p));
                }
            } finally {
                lock.unlock();
            }
        }
        return out;
    }

    public List<PayoutResult> payouts(PayoutStatus status) {
        return db.read(c -> {
            List<PayoutResult> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, holder_id, amount_sat, address, status, txid, error FROM payout"
                    + " WHERE status = ? ORDER BY created_ms, id")) {
                ps.setString(1, status.dbName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(readResult(rs));
                }
            }
            return out;
        });
    }

    /** Number of payouts in each status (every status present, zero when none), for metrics. */
    public Map<PayoutStatus, Long> countByStatus() {
        return db.read(c -> {
            Map<PayoutStatus, Long> out = new java.util.EnumMap<>(PayoutStatus.class);
            for (PayoutStatus s : PayoutStatus.values()) out.put(s, 0L);
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM payout GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(PayoutStatus.fromDb(rs.getString(1)), rs.getLong(2));
            }
            return out;
        });
    }

    public Optional<PayoutResult> payout(String payoutId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, holder_id, amount_sat, address, status, txid, error FROM payout WHERE id = ?")) {
                ps.setString(1, payoutId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readResult(rs)) : Optional.empty();
                }
            }
        });
    }

    private record StoredPayout(String digest, PayoutResult result) {
    }

    private Optional<StoredPayout> findPayout(String holderId, String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, holder_id, amount_sat, address, status, txid, error, request_digest"
                    + " FROM payout WHERE holder_id = ? AND idempotency_key = ?")) {
                ps.setString(1, holderId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredPayout(rs.getString(8), readResult(rs))) : Optional.empty();
                }
            }
        });
    }

    private static PayoutResult readResult(ResultSet rs) throws SQLException {
        return new PayoutResult(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                PayoutStatus.fromDb(rs.getString(5)), rs.getString(6), rs.getString(7));
    }

    /**
     * Turns balance into more hashrate on one of the holder's contracts at the provider's price
     * ({@link PayoutConfig#hashratePriceSatPerThs()}). Buys whole milli-TH/s:
     * {@code added = floor(amount × 1000 / price)} and charges {@code ceil(added × price / 1000)}
     * (never more than {@code amount}); the rest stays in the balance. Idempotent like payouts.
     */
    public ReinvestResult reinvest(String holderId, String contractId, String idempotencyKey, Long amountSat) {
        checkKey(idempotencyKey);
        String digest = digest("reinvest", holderId, contractId, amountSat == null ? "all" : Long.toString(amountSat));
        ReentrantLock lock = locks.computeIfAbsent(holderId, h -> new ReentrantLock());
        lock.lock();
        try {
            Optional<ReinvestResult> existing = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, holder_id, contract_id, amount_sat, added_mths, request_digest"
                        + " FROM reinvest WHERE holder_id = ? AND idempotency_key = ?")) {
                    ps.setString(1, holderId);
                    ps.setString(2, idempotencyKey);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return Optional.empty();
                        if (!rs.getString(6).equals(digest)) throw new IdempotencyConflictException(idempotencyKey);
                        return Optional.of(new ReinvestResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
                    }
                }
            });
            if (existing.isPresent()) return existing.get();
            Holder holder = contracts.requireHolder(holderId);
            Contract contract = contracts.contract(contractId).orElseThrow(() -> new UnknownHolderException("no contract '" + contractId + "'"));
            if (!contract.holderId().equals(holderId)) {
                throw new RequestRefusedException(RequestRefusedException.Reason.CONTRACT_NOT_OWNED, "contract " + contractId + " is not the holder's");
            }
            if (contract.status() != ContractStatus.ACTIVE && contract.status() != ContractStatus.PENDING) {
                throw new RequestRefusedException(RequestRefusedException.Reason.CONTRACT_NOT_OPEN, "contract " + contractId + " is " + contract.status());
            }
            long balance = ledger.balance(holder.account());
            if (amountSat != null && amountSat <= 0) throw new RequestRefusedException(RequestRefusedException.Reason.INVALID_AMOUNT, "amount must be > 0 sat");
            long amount = amountSat == null ? balance : amountSat;
            if (amount <= 0 || amount > balance) {
                throw new RequestRefusedException(RequestRefusedException.Reason.INSUFFICIENT_BALANCE, "reinvest of " + amount + " sat with a balance of " + balance + " sat");
            }
            BigInteger price = BigInteger.valueOf(config.hashratePriceSatPerThs());
            long added = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(1000)).divide(price).longValueExact();
            if (added == 0) throw new RequestRefusedException(RequestRefusedException.Reason.AMOUNT_BUYS_NOTHING, amount + " sat buys less than 0.001 TH/s");
            BigInteger[] qr = BigInteger.valueOf(added).multiply(price).divideAndRemainder(BigInteger.valueOf(1000));
            long cost = qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
            String id = UUID.randomUUID().toString();
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO reinvest (id, holder_id, contract_id, idempotency_key,"
                        + " request_digest, amount_sat, added_mths, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, holderId);
                    ps.setString(3, contractId);
                    ps.setString(4, idempotencyKey);
                    ps.setString(5, digest);
                    ps.setLong(6, cost);
                    ps.setLong(7, added);
                    ps.setLong(8, clock.millis());
                    ps.executeUpdate();
                }
                ledger.post(c, new LedgerTransaction(REF_REINVEST, id).move(holder.account(), Accounts.HASHRATE_SALES, cost, EntryKind.REINVEST, contractId));
                ContractStore.addHashrate(c, contractId, added, "reinvest", id, clock.instant());
                return null;
            });
            return new ReinvestResult(id, holderId, contractId, cost, added);
        } finally {
            lock.unlock();
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) throw new IllegalArgumentException("Idempotency-Key must be 1-200 characters");
    }

    private static String digest(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
