package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.ledger.LedgerTransaction;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.payout.PayoutConfig;
import dev.quarry.accounting.payout.PayoutResult;
import dev.quarry.accounting.payout.PayoutStatus;
import dev.quarry.app.QuarryPool;
import dev.quarry.config.ConfigKey;
import dev.quarry.config.ConfigLoader;
import dev.quarry.config.QuarryConfig;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BitcoindWallet} against {@link FakeBitcoind}'s wallet RPCs (shaped after Bitcoin Core's
 * documentation), alone and behind the real payout service on SQLite: exact amounts, the intent id
 * as comment, the txid recorded, reconciliation after a crash between sending and recording, and
 * every kind of refusal.
 */
@Timeout(60)
class BitcoindWalletTest {

    static final String USER = "rpcuser";
    static final String PASSWORD = "rpc-password";
    static final String WALLET = "pool hot";

    @TempDir
    Path dir;

    FakeBitcoind node;
    Accounting accounting;

    @BeforeEach
    void startNode() {
        node = new FakeBitcoind("wallet-node", USER + ":" + PASSWORD, RpcFixtures.chainInfo(), RpcFixtures.recordedTemplate());
        node.chainInfo = RpcFixtures.chainInfo("regtest", false); // the wallet accepts regtest addresses only
        node.loadedWallets = List.of(WALLET);
    }

    @AfterEach
    void stop() {
        if (accounting != null) accounting.close();
        node.close();
    }

    BitcoindWallet wallet(Duration timeout) {
        return new BitcoindWallet(BitcoindConfig.NodeConfig.withPassword("n1", node.url(), USER, PASSWORD), WALLET, timeout);
    }

    static String address(int seed) {
        byte[] script = new byte[22];
        script[1] = 20;
        script[2] = (byte) seed;
        return BitcoinAddress.fromScriptPubKey(script, Network.REGTEST).toString();
    }

    /** The payout service over SQLite in {@code dir}, paying through {@code wallet}; reconcile() runs on open. */
    void open(BitcoindWallet wallet) {
        if (accounting != null) accounting.close();
        accounting = Accounting.openSqlite(dir, AccountingConfig.defaults(Network.REGTEST).withPayout(new PayoutConfig(0, 1)), wallet,
                Clock.systemUTC());
    }

    void holder(String id, int seed, long balanceSat) {
        accounting.contracts().createHolder(new Holder(id, "Holder " + id, address(seed), Network.REGTEST));
        accounting.ledger().post(new LedgerTransaction("test", "fund-" + id)
                .move(Accounts.MINING_REVENUE, Accounts.holder(id), balanceSat, EntryKind.ADJUSTMENT, null));
    }

    @Test
    void amountsAreExactBtcStringsAndTheCommentNamesTheIntent() throws Exception {
        node.walletBalanceSat = 2_100_000_000_000_000L + 1_000_000_000L;
        Map<String, Long> outputs = new LinkedHashMap<>();
        outputs.put(address(1), 1L);
        outputs.put(address(2), 12_345_678L);
        outputs.put(address(3), 100_000_000L);
        outputs.put(address(4), 2_100_000_000_000_000L - 112_345_679L); // all four add up to 21M BTC: a double could not hold this exactly
        String txid = wallet(Duration.ofSeconds(5)).sendMany("intent-1", outputs);

        FakeBitcoind.Call call = node.awaitCall("sendmany", Duration.ofSeconds(5));
        assertEquals("/wallet/" + WALLET, call.path(), "sent to the configured wallet's endpoint");
        JsonNode p = call.params();
        assertEquals("", p.get(0).asText(), "dummy");
        assertEquals("0.00000001", p.get(1).get(address(1)).textValue());
        assertEquals("0.12345678", p.get(1).get(address(2)).textValue());
        assertEquals("1.00000000", p.get(1).get(address(3)).textValue());
        assertEquals("20999998.87654321", p.get(1).get(address(4)).textValue());
        assertEquals("quarry-payout:intent-1", p.get(3).asText());

        FakeBitcoind.WalletTx tx = node.walletTxs.get(0);
        assertEquals(tx.txid(), txid);
        assertEquals(outputs, tx.outputsSat(), "the node parsed exactly the satoshis we meant");
        assertEquals("http://127.0.0.1:8332/wallet/pool%20hot", BitcoindWallet.walletUrl(URI.create("http://127.0.0.1:8332/"), WALLET).toString());
        assertEquals("http://127.0.0.1:8332/", BitcoindWallet.walletUrl(URI.create("http://127.0.0.1:8332/"), "").toString());
        assertThrows(IllegalArgumentException.class, () -> BitcoindWallet.btc(0));
    }

    @Test
    void aPayoutIsSentOnceAndItsTxidRecorded() {
        open(wallet(Duration.ofSeconds(5)));
        holder("alice", 10, 500_000_000L);
        PayoutResult r = accounting.payouts().requestPayout("alice", "k1", 123_456_789L);

        assertEquals(PayoutStatus.SENT, r.status(), String.valueOf(r.error()));
        assertEquals(1, node.sendmanyCalls());
        FakeBitcoind.WalletTx tx = node.walletTxs.get(0);
        assertEquals(tx.txid(), r.txid());
        assertEquals(Map.of(address(10), 123_456_789L), tx.outputsSat());
        assertEquals("quarry-payout:" + r.payoutId(), tx.comment());
        assertEquals(tx.txid(), accounting.payouts().payout(r.payoutId()).orElseThrow().txid(), "txid stored");
        assertEquals(500_000_000L - 123_456_789L, accounting.ledger().balance(Accounts.holder("alice")));
        assertEquals(r, accounting.payouts().requestPayout("alice", "k1", 123_456_789L), "the same key returns the first result");
        assertEquals(1, node.sendmanyCalls(), "and sends nothing more");
    }

    @Test
    void aCrashBetweenSendingAndRecordingIsReconciledByIntentIdWithoutASecondSend() {
        String elsewhere = address(99);
        node.addUnrelatedTransactions(300, elsewhere);
        open(wallet(Duration.ofSeconds(5)));
        holder("bob", 11, 300_000_000L);
        node.dropAfterSendmany = true; // the wallet commits the payment; its answer never arrives
        PayoutResult r = accounting.payouts().requestPayout("bob", "k1", 250_000_000L);
        assertEquals(PayoutStatus.PENDING, r.status(), "outcome unknown: the intent stays pending");
        assertNull(accounting.payouts().payout(r.payoutId()).orElseThrow().txid());
        String sent = node.walletTxs.get(node.walletTxs.size() - 1).txid();

        // Meanwhile the wallet keeps receiving: the payment sinks below the newest page of listtransactions.
        node.dropAfterSendmany = false;
        node.addUnrelatedTransactions(700, elsewhere);
        node.drainCalls();
        open(wallet(Duration.ofSeconds(5))); // restart: reconcile() on open

        PayoutResult after = accounting.payouts().payout(r.payoutId()).orElseThrow();
        assertEquals(PayoutStatus.SENT, after.status());
        assertEquals(sent, after.txid(), "found by the intent id in its comment");
        assertEquals(1, node.sendmanyCalls(), "never sent twice");
        List<FakeBitcoind.Call> calls = node.drainCalls();
        assertTrue(calls.stream().filter(c -> c.method().equals("listtransactions")).count() >= 2, "searched past the first page: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.method().equals("gettransaction") && c.params().get(0).asText().equals(sent)));
        assertEquals(300_000_000L - 250_000_000L, accounting.ledger().balance(Accounts.holder("bob")));

        open(wallet(Duration.ofSeconds(5)));
        assertEquals(1, node.sendmanyCalls(), "a second restart sends nothing");
    }

    @Test
    void aSendThatTimedOutBeforeTheWalletActedIsSentOnceOnRestart() {
        open(wallet(Duration.ofMillis(300)));
        holder("carol", 12, 100_000_000L);
        node.fault = FakeBitcoind.Fault.HANG; // no answer, nothing done
        PayoutResult r = accounting.payouts().requestPayout("carol", "k1", 40_000_000L);
        assertEquals(PayoutStatus.PENDING, r.status());
        node.fault = FakeBitcoind.Fault.NONE;
        assertEquals(0, node.sendmanyCalls());
        assertTrue(node.walletTxs.isEmpty());

        open(wallet(Duration.ofSeconds(5)));
        PayoutResult after = accounting.payouts().payout(r.payoutId()).orElseThrow();
        assertEquals(PayoutStatus.SENT, after.status());
        assertEquals(1, node.sendmanyCalls());
        assertEquals(node.walletTxs.get(0).txid(), after.txid());
        assertEquals("quarry-payout:" + r.payoutId(), node.walletTxs.get(0).comment());
        open(wallet(Duration.ofSeconds(5)));
        assertEquals(1, node.sendmanyCalls(), "sent once");
    }

    @Test
    void aLockedWalletFailsThePayoutSaysWhatToDoAndRestoresTheBalance() {
        open(wallet(Duration.ofSeconds(5)));
        holder("dave", 13, 100_000_000L);
        node.walletLocked = true;
        PayoutResult r = accounting.payouts().requestPayout("dave", "k1", 60_000_000L);

        assertEquals(PayoutStatus.FAILED, r.status());
        assertTrue(r.error().contains("locked") && r.error().contains("-13") && r.error().contains("nothing was sent"), r.error());
        assertTrue(!r.error().contains(WALLET), "the holder sees no wallet name: " + r.error());
        assertEquals(100_000_000L, accounting.ledger().balance(Accounts.holder("dave")), "the debit was reversed");
        assertTrue(node.walletTxs.isEmpty());
        BitcoindWalletRejectedException e = assertThrows(BitcoindWalletRejectedException.class,
                () -> wallet(Duration.ofSeconds(5)).sendMany("x", Map.of(address(13), 1L)));
        assertEquals(BitcoindWallet.RPC_WALLET_UNLOCK_NEEDED, e.rpcCode());
        assertTrue(node.drainCalls().stream().noneMatch(c -> c.method().equals("listtransactions")),
                "a refusal Core raises before building a transaction needs no search");
    }

    @Test
    void insufficientFundsFailThePayoutClearlyAndRestoreTheBalance() {
        open(wallet(Duration.ofSeconds(5)));
        holder("erin", 14, 100_000_000L);
        node.walletBalanceSat = 50_000_000L;
        PayoutResult r = accounting.payouts().requestPayout("erin", "k1", 60_000_000L);

        assertEquals(PayoutStatus.FAILED, r.status());
        assertTrue(r.error().contains("insufficient funds") && r.error().contains("-6"), r.error());
        assertEquals(100_000_000L, accounting.ledger().balance(Accounts.holder("erin")));
        assertEquals(0, accounting.ledger().balance(Accounts.WALLET_OUT));
        BitcoindWalletRejectedException e = assertThrows(BitcoindWalletRejectedException.class,
                () -> wallet(Duration.ofSeconds(5)).sendMany("x", Map.of(address(14), 60_000_000L)));
        assertEquals(BitcoindWallet.RPC_WALLET_INSUFFICIENT_FUNDS, e.rpcCode());
        // the holder may try again once the wallet is funded: a new request is sent
        node.walletBalanceSat = 1_000_000_000L;
        assertEquals(PayoutStatus.SENT, accounting.payouts().requestPayout("erin", "k2", 60_000_000L).status());
    }

    @Test
    void anUnexpectedRpcErrorFailsThePayoutOnlyAfterTheWalletShowsNothingWasSent() {
        open(wallet(Duration.ofSeconds(5)));
        holder("fred", 15, 100_000_000L);
        node.rpcErrors.put("sendmany", RpcFixtures.MAPPER.createObjectNode().put("code", -4)
                .put("message", "Fee estimation failed. Fallbackfee is disabled."));
        PayoutResult r = accounting.payouts().requestPayout("fred", "k1", 10_000_000L);
        assertEquals(PayoutStatus.FAILED, r.status());
        assertTrue(r.error().contains("-4") && r.error().contains("Fee estimation failed"), r.error());
        assertEquals(100_000_000L, accounting.ledger().balance(Accounts.holder("fred")));
        assertTrue(node.drainCalls().stream().anyMatch(c -> c.method().equals("listtransactions")), "the wallet was searched first");
    }

    @Test
    void anErrorAnsweredAfterTheWalletCommittedIsRecognisedAsSent() {
        open(wallet(Duration.ofSeconds(5)));
        holder("gina", 16, 100_000_000L);
        node.errorAfterSendmany = RpcFixtures.MAPPER.createObjectNode().put("code", -4)
                .put("message", "Transaction commit failed:: mempool full");
        PayoutResult r = accounting.payouts().requestPayout("gina", "k1", 10_000_000L);
        assertEquals(PayoutStatus.SENT, r.status(), "the wallet holds the transaction: it was sent");
        assertEquals(node.walletTxs.get(0).txid(), r.txid());
        assertEquals(90_000_000L, accounting.ledger().balance(Accounts.holder("gina")), "and stays debited");
    }

    @Test
    void aWalletThatIsNotLoadedOrNotNamedIsARefusal() {
        node.loadedWallets = List.of("cold", "hot");
        BitcoindWalletRejectedException notNamed = assertThrows(BitcoindWalletRejectedException.class,
                () -> new BitcoindWallet(BitcoindConfig.NodeConfig.withPassword("n1", node.url(), USER, PASSWORD), "", Duration.ofSeconds(5))
                        .sendMany("x", Map.of(address(1), 1L)));
        assertEquals(-19, notNamed.rpcCode());
        BitcoindWalletRejectedException missing = assertThrows(BitcoindWalletRejectedException.class,
                () -> wallet(Duration.ofSeconds(5)).sendMany("x", Map.of(address(1), 1L)));
        assertEquals(-18, missing.rpcCode());
        assertTrue(missing.getMessage().contains("-18") && missing.getMessage().contains("not loaded"), missing.getMessage());
        assertEquals(0, node.sendmanyCalls(), "refused while routing, before the wallet acted");
    }

    @Test
    void quarryOnBitcoindPaysHoldersFromTheConfiguredWalletOfItsFirstNode() throws Exception {
        node.chainInfo = RpcFixtures.chainInfo(); // testnet3, like the recorded template
        node.loadedWallets = List.of("cold", "payouts");
        byte[] script = new byte[22];
        script[1] = 20;
        String poolAddress = BitcoinAddress.fromScriptPubKey(script, Network.TESTNET).toString();
        script[2] = 7;
        String holderAddress = BitcoinAddress.fromScriptPubKey(script, Network.TESTNET).toString();
        QuarryConfig config = new ConfigLoader().environment(Map.of())
                .flag(ConfigKey.DATA_DIR, dir.resolve("quarry").toString())
                .flag(ConfigKey.NETWORK, "test")
                .flag(ConfigKey.NODE_URLS, "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + node.port())
                .flag(ConfigKey.NODE_WALLET, "payouts")
                .flag(ConfigKey.PAYOUT_ADDRESS, poolAddress)
                .flag(ConfigKey.STRATUM_BIND, "127.0.0.1")
                .flag(ConfigKey.STRATUM_PORT, "0")
                .flag(ConfigKey.STRATUM_STATIC_PORT, "0")
                .flag(ConfigKey.HTTP_PORT, "0")
                .build();
        try (QuarryPool pool = QuarryPool.start(config)) {
            Accounting a = pool.accounting();
            a.contracts().createHolder(new Holder("hana", "Hana", holderAddress, Network.TESTNET));
            a.ledger().post(new LedgerTransaction("test", "fund").move(Accounts.MINING_REVENUE, Accounts.holder("hana"), 9_000_000L,
                    EntryKind.ADJUSTMENT, null));
            PayoutResult r = a.payouts().requestPayout("hana", "k1", 8_000_000L);
            assertEquals(PayoutStatus.SENT, r.status(), String.valueOf(r.error()));
            FakeBitcoind.Call send = node.awaitCall("sendmany", Duration.ofSeconds(5));
            assertEquals("/wallet/payouts", send.path());
            assertEquals("0.08000000", send.params().get(1).get(holderAddress).textValue());
            assertEquals(node.walletTxs.get(0).txid(), r.txid());
        }
    }

    @Test
    void theCookieFileAuthenticatesWalletCalls() throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:0a1b2c3d");
        node.expectedUserPass = "__cookie__:0a1b2c3d";
        BitcoindWallet w = new BitcoindWallet(BitcoindConfig.NodeConfig.withCookie("n1", node.url(), cookie), WALLET, Duration.ofSeconds(5));
        String txid = w.sendMany("intent-c", Map.of(address(5), 5_000L));
        assertEquals(Optional.of(txid), w.findByIntent("intent-c"));
    }

    @Test
    void aFeeBumpedPayoutIsFoundAsItsReplacement() {
        BitcoindWallet w = wallet(Duration.ofSeconds(5));
        String original = w.sendMany("intent-b", Map.of(address(6), 70_000L));
        String bumped = node.bumpFee(original);
        node.addUnrelatedTransactions(5, address(98));
        assertEquals(Optional.of(bumped), w.findByIntent("intent-b"));
        assertEquals(Optional.empty(), w.findByIntent("intent-never-sent"));
    }

    @Test
    void aHistoryLongerThanTheSearchLimitIsAnUnknownNeverANotSent() {
        node.addUnrelatedTransactions(60, address(97));
        BitcoindWallet narrow = new BitcoindWallet(BitcoindConfig.NodeConfig.withPassword("n1", node.url(), USER, PASSWORD), WALLET,
                Duration.ofSeconds(5), 10, 30);
        assertThrows(IllegalStateException.class, () -> narrow.findByIntent("intent-old"),
                "not found among the newest 30 entries of 60 is not proof it was never sent");
        BitcoindWallet wide = new BitcoindWallet(BitcoindConfig.NodeConfig.withPassword("n1", node.url(), USER, PASSWORD), WALLET,
                Duration.ofSeconds(5), 10, 100);
        assertEquals(Optional.empty(), wide.findByIntent("intent-old"), "the whole history was read");
        node.fault = FakeBitcoind.Fault.HTTP_503_TEXT;
        assertThrows(UncheckedIOException.class, () -> wide.findByIntent("intent-old"), "a node that cannot answer is an unknown");
    }
}
