package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.accounting.payout.Wallet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holder payouts through a bitcoind wallet (Bitcoin Core's wallet RPC), for pools mining on real nodes.
 *
 * <p>Sending: one {@code sendmany "" {"address": "amount", ...} 1 "quarry-payout:<intent id>"}. The
 * amounts are BTC written from integer satoshis with {@link BigDecimal#valueOf(long, int)} at scale 8
 * as decimal strings ("numeric or string" per Core's {@code sendmany} help), so no binary fraction and
 * no exponent notation ever reaches the node. The intent id rides in the transaction's {@code comment},
 * which the wallet keeps with the transaction: that is how {@link #findByIntent} recognises it again.
 *
 * <p>What an answer means for the payout state machine ({@link Wallet#sendMany} contract):
 * <ul>
 * <li>a txid: sent;</li>
 * <li>a JSON-RPC error: bitcoind refused before committing a transaction, so nothing was sent and the
 *     intent may be failed and its debit reversed ({@link BitcoindWalletRejectedException}, with the
 *     RPC code; a locked wallet (-13) and insufficient funds (-6) are logged at ERROR saying what to do).
 *     For codes that are not one of the well-known "refused before building a transaction" codes,
 *     the wallet is first searched for the intent's comment, so a transaction committed before an
 *     unexpected error is recognised instead of being reported as refused;</li>
 * <li>no answer (timeout, connection reset, HTTP failure): unknown — an unchecked exception; the
 *     intent stays pending and {@code PayoutService.reconcile()} asks {@link #findByIntent} on restart.</li>
 * </ul>
 *
 * <p>Wallet calls go to {@code <node URL>/wallet/<name>} (Core's multiwallet endpoint) when a wallet
 * name is configured, else to the node URL itself (Core's default wallet; refused with -19 when
 * several wallets are loaded). Authentication (user/password or cookie file) is the node's.
 */
public final class BitcoindWallet implements Wallet {

    private static final Logger log = LoggerFactory.getLogger(BitcoindWallet.class);
    private static final Pattern TXID = Pattern.compile("[0-9a-f]{64}");

    /** The comment is this prefix and the intent id: recognisable by an operator browsing the wallet, too. */
    public static final String COMMENT_PREFIX = "quarry-payout:";

    /** Core's RPC_WALLET_UNLOCK_NEEDED: the wallet is encrypted and locked. */
    public static final int RPC_WALLET_UNLOCK_NEEDED = -13;
    /** Core's RPC_WALLET_INSUFFICIENT_FUNDS. */
    public static final int RPC_WALLET_INSUFFICIENT_FUNDS = -6;

    /**
     * Errors Core raises while checking arguments, the wallet's state or funds, i.e. before any
     * transaction exists (src/rpc/protocol.h): misc type/parameter/address errors, warm-up, wallet
     * not found / not specified / not loaded, locked, insufficient funds, method not found.
     */
    private static final Set<Integer> REFUSED_BEFORE_SENDING = Set.of(
            -3 /* RPC_TYPE_ERROR, e.g. "Invalid amount" */,
            -5 /* RPC_INVALID_ADDRESS_OR_KEY, e.g. "Invalid Bitcoin address" */,
            -6 /* RPC_WALLET_INSUFFICIENT_FUNDS */,
            -8 /* RPC_INVALID_PARAMETER */,
            -13 /* RPC_WALLET_UNLOCK_NEEDED */,
            -18 /* RPC_WALLET_NOT_FOUND */,
            -19 /* RPC_WALLET_NOT_SPECIFIED */,
            -28 /* RPC_IN_WARMUP */,
            -32600 /* invalid request */,
            -32601 /* method not found: node without wallet support */,
            -32602 /* invalid params */);

    static final int DEFAULT_PAGE = 500;
    static final int DEFAULT_MAX_SCANNED = 1_000_000;

    private final JsonRpcClient rpc;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String walletName;
    private final Duration timeout;
    private final int page;
    private final int maxScanned;

    /**
     * @param node       the node holding the wallet (its URL, user/password or cookie file)
     * @param walletName wallet to send from; empty = the node's default wallet
     * @param timeout    per RPC call: generous, since coin selection in a large wallet takes time and a
     *                   timed-out send is only settled at the next restart
     */
    public BitcoindWallet(BitcoindConfig.NodeConfig node, String walletName, Duration timeout) {
        this(node, walletName, timeout, DEFAULT_PAGE, DEFAULT_MAX_SCANNED);
    }

    BitcoindWallet(BitcoindConfig.NodeConfig node, String walletName, Duration timeout, int page, int maxScanned) {
        Objects.requireNonNull(node, "node");
        this.walletName = Objects.requireNonNull(walletName, "walletName");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (page < 1 || maxScanned < page) throw new IllegalArgumentException("page must be >= 1 and maxScanned >= page");
        this.page = page;
        this.maxScanned = maxScanned;
        BitcoindConfig.NodeConfig walletNode = new BitcoindConfig.NodeConfig(node.name() + "-wallet", walletUrl(node.rpcUrl(), walletName),
                node.user(), node.password(), node.cookieFile(), null);
        this.rpc = new JsonRpcClient(walletNode, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), mapper);
    }

    /** {@code http://host:port/wallet/<percent-encoded name>}, as bitcoin-cli's -rpcwallet builds it. */
    static URI walletUrl(URI node, String walletName) {
        if (walletName.isEmpty()) return node;
        String base = node.toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base + "/wallet/" + percentEncode(walletName));
    }

    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) b.append((char) c);
            else b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
        return b.toString();
    }

    /** Satoshis as a BTC amount string, exactly: 1 → "0.00000001", 2_100_000_000_000_000 → "21000000.00000000". */
    public static String btc(long sat) {
        if (sat <= 0) throw new IllegalArgumentException("amount must be > 0 sat, got " + sat);
        return BigDecimal.valueOf(sat, 8).toPlainString();
    }

    static String comment(String intentId) {
        return COMMENT_PREFIX + intentId;
    }

    @Override
    public String sendMany(String intentId, Map<String, Long> outputsSat) {
        Objects.requireNonNull(intentId, "intentId");
        if (outputsSat.isEmpty()) throw new IllegalArgumentException("a payout needs at least one output");
        ObjectNode amounts = mapper.createObjectNode();
        for (Map.Entry<String, Long> e : outputsSat.entrySet()) amounts.put(e.getKey(), btc(e.getValue()));
        ArrayNode params = mapper.createArrayNode()
                .add("")        // dummy: must be "" (Core)
                .add(amounts)
                .add(1)         // minconf: ignored by current Core, 1 was the default of older ones
                .add(comment(intentId));
        JsonNode result;
        try {
            result = rpc.call("sendmany", params, timeout);
        } catch (RpcErrorException e) {
            return refusedOrFound(intentId, e);
        } catch (BitcoindException e) {
            throw new UncheckedIOException("bitcoind wallet" + describe() + ": sendmany for payout " + intentId
                    + " has an unknown outcome (" + e.getMessage() + "); it stays pending until it is found by its intent id", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during sendmany for payout " + intentId + "; outcome unknown", e);
        }
        String txid = result.isTextual() ? result.asText() : result.path("txid").asText(""); // verbose=true answers an object
        if (!TXID.matcher(txid).matches()) {
            // bitcoind answered, but not with a txid: we cannot tell whether it sent
            throw new IllegalStateException("bitcoind wallet" + describe() + ": sendmany for payout " + intentId
                    + " answered without a txid: " + result);
        }
        return txid;
    }

    /** An RPC error: nothing was sent, unless the wallet shows the intent's transaction anyway. */
    private String refusedOrFound(String intentId, RpcErrorException e) {
        if (!REFUSED_BEFORE_SENDING.contains(e.code())) {
            Optional<String> found = findByIntent(intentId); // an unknown outcome if this fails: it throws
            if (found.isPresent()) {
                log.warn("bitcoind wallet{}: sendmany for payout {} reported error {} ({}) but the wallet holds its transaction {}",
                        describe(), intentId, e.code(), e.rpcMessage(), found.get());
                return found.get();
            }
        }
        // The message is stored with the payout and shown to its holder by the API: it says what
        // happened and that nothing was sent, but not the wallet's name; the log tells the operator more.
        String message = switch (e.code()) {
            case RPC_WALLET_UNLOCK_NEEDED -> "the pool's bitcoind wallet is locked (RPC error -13: " + e.rpcMessage()
                    + "); nothing was sent";
            case RPC_WALLET_INSUFFICIENT_FUNDS -> "the pool's bitcoind wallet has insufficient funds for this payout (RPC error -6: "
                    + e.rpcMessage() + "); nothing was sent";
            default -> "the pool's bitcoind wallet refused sendmany (RPC error " + e.code() + ": " + e.rpcMessage() + "); nothing was sent";
        };
        switch (e.code()) {
            case RPC_WALLET_UNLOCK_NEEDED -> log.error("payout {} refused: bitcoind wallet{} is locked; unlock it with walletpassphrase"
                    + " (payouts fail until then; each is returned to its holder's balance)", intentId, describe());
            case RPC_WALLET_INSUFFICIENT_FUNDS -> log.error("payout {} refused: bitcoind wallet{} has insufficient funds ({}); fund it"
                    + " (payouts fail until then; each is returned to its holder's balance)", intentId, describe(), e.rpcMessage());
            default -> log.warn("payout {} refused by bitcoind wallet{}: RPC error {}: {}", intentId, describe(), e.code(), e.rpcMessage());
        }
        throw new BitcoindWalletRejectedException(e.code(), message);
    }

    /**
     * Searches the wallet's history, newest first, for a send whose comment names {@code intentId}.
     * Pages of {@code listtransactions "*" <page> <skip> true}; transactions arriving meanwhile only push
     * older entries deeper, so an entry may be read twice but none is skipped. A hit is confirmed with
     * {@code gettransaction}. Empty only when the WHOLE history was read; a history longer than the
     * scan limit, or any failed call, throws (outcome unknown: the intent stays pending, never re-sent).
     * Of several transactions with the comment (a fee bump copies it), the one not replaced is returned.
     */
    @Override
    public Optional<String> findByIntent(String intentId) {
        String comment = comment(intentId);
        List<String> candidates = new ArrayList<>();
        String notReplaced = null;
        try {
            for (int skip = 0; ; skip += page) {
                if (skip >= maxScanned) {
                    throw new IllegalStateException("bitcoind wallet" + describe() + ": payout " + intentId + " not among the newest "
                            + maxScanned + " wallet entries and the history is longer; not searched further, left pending");
                }
                JsonNode entries = rpc.call("listtransactions", mapper.createArrayNode().add("*").add(page).add(skip).add(true), timeout);
                if (!entries.isArray()) throw new MalformedRpcDataException("listtransactions did not answer an array: " + entries);
                for (JsonNode tx : entries) {
                    if (!comment.equals(tx.path("comment").asText(null)) || !"send".equals(tx.path("category").asText())) continue;
                    String txid = tx.path("txid").asText("");
                    if (!TXID.matcher(txid).matches() || candidates.contains(txid)) continue;
                    candidates.add(txid);
                    if (!tx.hasNonNull("replaced_by_txid")) notReplaced = txid;
                }
                if (entries.size() < page) break; // the oldest entry was read
                if (notReplaced != null) break;   // the live transaction is found; older ones cannot replace it
            }
            if (candidates.isEmpty()) return Optional.empty();
            String txid = notReplaced != null ? notReplaced : candidates.get(candidates.size() - 1);
            JsonNode tx = rpc.call("gettransaction", mapper.createArrayNode().add(txid).add(true), timeout);
            if (!comment.equals(tx.path("comment").asText(null))) {
                throw new IllegalStateException("bitcoind wallet" + describe() + ": transaction " + txid + " listed for payout " + intentId
                        + " does not carry its comment in gettransaction");
            }
            return Optional.of(txid);
        } catch (BitcoindException e) {
            throw new UncheckedIOException("bitcoind wallet" + describe() + ": cannot search for payout " + intentId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching for payout " + intentId, e);
        }
    }

    private String describe() {
        return walletName.isEmpty() ? " (default wallet)" : " '" + walletName + "'";
    }
}
