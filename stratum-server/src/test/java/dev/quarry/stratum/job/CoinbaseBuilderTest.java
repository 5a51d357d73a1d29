package dev.quarry.stratum.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.testutil.Vectors;
import dev.quarry.stratum.tx.Scripts;
import dev.quarry.stratum.tx.TxOut;
import dev.quarry.stratum.tx.WitnessCommitment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseBuilderTest {

    private static final byte[] P2WPKH = Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc");

    /**
     * public-pool's coinbase for its recorded testnet template: version 2, tag "\public-pool\" raw after
     * the height push, 4+4 bytes extranonce, a fixed first output of 36986 sat (public-pool's 1.5 % dev
     * fee) and the rest to the miner, then the template's default_witness_commitment.
     */
    private static CoinbaseConfig publicPoolConfig() {
        return new CoinbaseConfig(P2WPKH, List.of(new TxOut(36986, P2WPKH)), "\\public-pool\\".getBytes(StandardCharsets.US_ASCII),
                2, 4, 4, 0, 0xffffffff);
    }

    @Test
    void reproducesPublicPoolCoinbaseByteForByte() {
        JsonNode v = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");
        BlockTemplate t = Vectors.template(v.get("getblocktemplate"));
        Coinbase cb = new CoinbaseBuilder(publicPoolConfig()).build(t);

        assertEquals(v.at("/notify/coinb1").asText(), Hex.encode(cb.coinb1()));
        assertEquals(v.at("/notify/coinb2").asText(), Hex.encode(cb.coinb2()));
        byte[] en1 = Hex.decode(v.at("/subscribe/extranonce1").asText());
        byte[] en2 = Hex.decode(v.at("/submit/extranonce2").asText());
        byte[] coinbase = cb.nonWitness(en1, en2);
        assertEquals(v.at("/expected/coinbase_hex").asText(), Hex.encode(coinbase));
        assertEquals(v.at("/expected/coinbase_txid_display").asText(), Hex.encode(Hex.reversed(Sha256.sha256d(coinbase))));
        assertEquals(t.coinbaseValue(), cb.totalValue());
    }

    @Test
    void computesTheSameWitnessCommitmentFromWtxidsWhenTheTemplateHasNone() {
        JsonNode v = Vectors.vector("stratum_shares.json", "public_pool_testnet_version_rolled");
        BlockTemplate withDefault = Vectors.template(v.get("getblocktemplate"));
        BlockTemplate without = new BlockTemplate("t", withDefault.height(), withDefault.version(), withDefault.previousBlockHash(),
                withDefault.bits(), 0, 0, withDefault.coinbaseValue(), withDefault.transactions(), null, 80_000, 4_000_000, null);
        byte[] computed = CoinbaseBuilder.witnessCommitmentScript(without);
        assertEquals(v.at("/getblocktemplate/default_witness_commitment").asText(), Hex.encode(computed));
        assertEquals(v.at("/notify/coinb2").asText(), Hex.encode(new CoinbaseBuilder(publicPoolConfig()).build(without).coinb2()));
    }

    @Test
    void reproducesSegwitBlock702861CoinbaseWitnessCommitmentAndMerkleRoot() {
        JsonNode v = Vectors.vector("merkle.json", "block_702861_segwit_coinbase_branch");
        byte[] nonWitness = Hex.decode(v.get("coinbase_tx_nonwitness_hex").asText());
        // scriptSig starts at offset 4 (version) + 1 (input count) + 36 (null prevout) + 1 (length byte)
        int sigLen = nonWitness[41] & 0xff;
        byte[] scriptSig = Arrays.copyOfRange(nonWitness, 42, 42 + sigLen);
        assertArrayEquals(Scripts.pushInt(702861), Arrays.copyOfRange(scriptSig, 0, 4), "BIP34 push of height 702861");
        // treat the pool's bytes as: tag | 4 bytes extranonce1 | 8 bytes extranonce2
        byte[] tag = Arrays.copyOfRange(scriptSig, 4, sigLen - 12);
        byte[] en1 = Arrays.copyOfRange(scriptSig, sigLen - 12, sigLen - 8);
        byte[] en2 = Arrays.copyOfRange(scriptSig, sigLen - 8, sigLen);

        byte[] witnessRoot = Hex.decode(v.get("witness_merkle_root_internal_hex").asText());
        byte[] commitment = WitnessCommitment.commitment(witnessRoot, Hex.decode(v.get("witness_reserved_value_hex").asText()));
        assertEquals(v.get("expected_witness_commitment_hex").asText(), Hex.encode(commitment));

        CoinbaseConfig cfg = new CoinbaseConfig(Hex.decode("00143156afc4249915008020f932783319f3e610b97d"), List.of(), tag, 2, 4, 8, 0, 0xffffffff);
        Coinbase cb = new CoinbaseBuilder(cfg).build(702861, 0x258c3ff5L, WitnessCommitment.scriptFor(commitment));
        assertEquals(v.get("coinbase_tx_nonwitness_hex").asText(), Hex.encode(cb.nonWitness(en1, en2)));
        assertEquals(v.get("coinbase_tx_with_witness_hex").asText(), Hex.encode(cb.withWitness(en1, en2)));
        byte[] txid = Sha256.sha256d(cb.nonWitness(en1, en2));
        assertEquals(v.get("coinbase_txid_display").asText(), Hex.encode(Hex.reversed(txid)));
        assertEquals(v.get("coinbase_wtxid_display").asText(), Hex.encode(Hex.reversed(Sha256.sha256d(cb.withWitness(en1, en2)))));

        byte[][] branch = new byte[v.get("stratum_merkle_branch").size()][];
        for (int i = 0; i < branch.length; i++) branch[i] = Hex.decode(v.get("stratum_merkle_branch").get(i).asText());
        assertEquals(v.get("expected_merkle_root_display").asText(), Hex.encode(Hex.reversed(Merkle.foldBranch(txid, branch))));
        assertEquals(cb.strippedSize() * 3L + cb.withWitness(en1, en2).length, cb.weight());
    }

    @Test
    void heightPushIsExactlyCoreScriptNum() {
        assertEquals("00", Hex.encode(Scripts.pushInt(0)));
        assertEquals("51", Hex.encode(Scripts.pushInt(1)));
        assertEquals("60", Hex.encode(Scripts.pushInt(16)));
        assertEquals("0111", Hex.encode(Scripts.pushInt(17)));
        assertEquals("017f", Hex.encode(Scripts.pushInt(127)));
        assertEquals("028000", Hex.encode(Scripts.pushInt(128)));
        assertEquals("02ff00", Hex.encode(Scripts.pushInt(255)));
        assertEquals("020001", Hex.encode(Scripts.pushInt(256)));
        assertEquals("03ffff00", Hex.encode(Scripts.pushInt(65535)));
        assertEquals("03c94325", Hex.encode(Scripts.pushInt(2442185)));
        assertEquals("04ffffff7f", Hex.encode(Scripts.pushInt(0x7fffffffL)));
        assertEquals("050000008000", Hex.encode(Scripts.pushInt(0x80000000L)));
    }

    @Test
    void lowHeightsStillGiveAValidScriptSigLength() {
        CoinbaseConfig cfg = CoinbaseConfig.of(P2WPKH).withPoolTag(new byte[0]);
        Coinbase cb = new CoinbaseBuilder(cfg).build(1, 5_000_000_000L, null);
        assertEquals(1 + 12, cb.scriptSigLength());
        byte[] c1 = cb.coinb1();
        assertEquals(0x51, c1[c1.length - 1] & 0xff, "height 1 is OP_1, as Core's CScript() << 1");
        assertFalse(cb.hasWitnessCommitment());
        byte[] en1 = new byte[4], en2 = new byte[8];
        assertArrayEquals(cb.nonWitness(en1, en2), cb.withWitness(en1, en2), "no commitment: no witness in the block either");
    }

    @Test
    void longPoolTagIsTruncatedToKeepScriptSigWithin100Bytes() {
        byte[] tag = new byte[200];
        Arrays.fill(tag, (byte) 'q');
        CoinbaseConfig cfg = CoinbaseConfig.of(P2WPKH).withPoolTag(tag);
        Coinbase cb = new CoinbaseBuilder(cfg).build(2442185, 1000, null);
        assertEquals(100, cb.scriptSigLength());
        byte[] c1 = cb.coinb1();
        assertEquals(100, c1[41] & 0xff);
        assertEquals(42 + 4 + (100 - 4 - 12), c1.length, "coinb1 ends where extranonce1 starts");
    }

    @Test
    void shortTagIsKeptWholeAndExtranonceSizesAreConfigurable() {
        CoinbaseConfig cfg = CoinbaseConfig.of(P2WPKH).withExtranonceSizes(4, 4);
        Coinbase cb = new CoinbaseBuilder(cfg).build(800000, 625_000_000L, null);
        byte[] c1 = cb.coinb1();
        assertEquals("/quarry/", new String(c1, c1.length - 8, 8, StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> cb.nonWitness(new byte[4], new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> CoinbaseConfig.of(P2WPKH).withExtranonceSizes(4, 1));
        assertThrows(IllegalArgumentException.class, () -> CoinbaseConfig.of(P2WPKH).withExtranonceSizes(0, 8));
    }

    @Test
    void fixedOutputsAboveTheRewardAreRefused() {
        CoinbaseConfig cfg = CoinbaseConfig.of(P2WPKH).withFixedOutputs(List.of(new TxOut(2000, P2WPKH)));
        assertThrows(IllegalArgumentException.class, () -> new CoinbaseBuilder(cfg).build(10, 1999, null));
    }

    @Test
    void malformedCommitmentScriptIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new CoinbaseBuilder(CoinbaseConfig.of(P2WPKH)).build(10, 1, Hex.decode("6a24aa21a9ed00")));
    }

    @Test
    void sigOpBoundChargesExtranonceAsWorstCase() {
        byte[] p2pkh = Hex.decode("76a914d23fcdf86f7e756a64a7a9688ef9903327048ed988ac");
        Coinbase cb = new CoinbaseBuilder(CoinbaseConfig.of(p2pkh)).build(100, 1, null);
        // one CHECKSIG in the payout output, 12 extranonce bytes × 20, tag "/quarry/" has no sigop opcodes
        assertEquals(4L * (1 + 12 * 20), cb.sigOpCostBound());
        assertTrue(cb.weight() > 0);
    }

    @Test
    void payoutAddressIsDecodedForThePoolsNetworkAndWrongOnesStopStartUp() {
        String regtest = BitcoinAddress.fromScriptPubKey(P2WPKH, Network.REGTEST).toString();
        assertArrayEquals(P2WPKH, CoinbaseConfig.forPayoutAddress(regtest, Network.REGTEST).payoutScript());
        String p2pkhMain = BitcoinAddress.fromScriptPubKey(Hex.decode("76a914d23fcdf86f7e756a64a7a9688ef9903327048ed988ac"), Network.MAINNET).toString();
        assertEquals("76a914d23fcdf86f7e756a64a7a9688ef9903327048ed988ac",
                Hex.encode(CoinbaseConfig.forPayoutAddress(p2pkhMain, Network.MAINNET).payoutScript()));

        CoinbaseConfig.InvalidPayoutAddressException wrongNet = assertThrows(CoinbaseConfig.InvalidPayoutAddressException.class,
                () -> CoinbaseConfig.forPayoutAddress(regtest, Network.MAINNET));
        assertTrue(wrongNet.getMessage().startsWith("payout address rejected: "), wrongNet.getMessage());
        assertTrue(wrongNet.getMessage().contains(regtest), wrongNet.getMessage());
        assertThrows(CoinbaseConfig.InvalidPayoutAddressException.class, () -> CoinbaseConfig.forPayoutAddress("", Network.REGTEST));
        String typo = regtest.substring(0, regtest.length() - 1) + (regtest.endsWith("q") ? "p" : "q");
        assertThrows(CoinbaseConfig.InvalidPayoutAddressException.class, () -> CoinbaseConfig.forPayoutAddress(typo, Network.REGTEST));
    }
}
