package dev.quarry.pow.address;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.address.InvalidAddressException.Reason;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static dev.quarry.pow.address.AddressVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Address decoding against public vectors:
 * <ul>
 *   <li>segwit addresses: bitcoin/bips@0310d9eeb1eda5e3626a738394f58b4ee3252074 bip-0350.mediawiki and
 *       bitcoin/bips@01111edbabb3a5871694cde405e6f4e6d5b510fc bip-0173.mediawiki ("Test vectors");</li>
 *   <li>all types on all networks: bitcoin/bitcoin@1010c48a89a8316298edeee28ffb5aef89bdf667
 *       src/test/data/key_io_valid.json and bitcoin/bitcoin@03d816b7cf161cc84914e07ee4c3fc8041a68a88
 *       src/test/data/key_io_invalid.json.</li>
 * </ul>
 * Copies live in src/test/resources/address (README there).
 */
class BitcoinAddressTest {

    /** Our reading of each BIP350 invalidity reason (the vector file has the BIP's wording). */
    private static final Map<String, Reason> BIP350_REASONS = Map.ofEntries(
            Map.entry("Invalid human-readable part", Reason.UNKNOWN_PREFIX),
            Map.entry("Invalid checksum (Bech32 instead of Bech32m)", Reason.CHECKSUM_VARIANT_MISMATCH),
            Map.entry("Invalid checksum (Bech32m instead of Bech32)", Reason.CHECKSUM_VARIANT_MISMATCH),
            Map.entry("Invalid character in checksum", Reason.INVALID_CHARACTER),
            Map.entry("Invalid witness version", Reason.BAD_WITNESS_VERSION),
            Map.entry("Invalid program length (1 byte)", Reason.BAD_WITNESS_PROGRAM_LENGTH),
            Map.entry("Invalid program length (41 bytes)", Reason.BAD_WITNESS_PROGRAM_LENGTH),
            Map.entry("Invalid program length for witness version 0 (per BIP141)", Reason.BAD_WITNESS_PROGRAM_LENGTH),
            Map.entry("Mixed case", Reason.MIXED_CASE),
            Map.entry("zero padding of more than 4 bits", Reason.BAD_PADDING),
            Map.entry("Non-zero padding in 8-to-5 conversion", Reason.BAD_PADDING),
            Map.entry("Empty data section", Reason.BAD_WITNESS_VERSION));

    @Test
    void bip350ValidSegwitAddressesGiveTheirScriptPubKey() {
        for (JsonNode v : AddressVectors.load("bip350_vectors.json").get("valid_segwit")) {
            String address = v.get("address").asText();
            BitcoinAddress a = BitcoinAddress.parse(address, networkOfHrp(address));
            assertEquals(v.get("scriptPubKey").asText(), hex(a.scriptPubKey()), address);
            assertEquals(address.toLowerCase(Locale.ROOT), a.toString(), address);
        }
    }

    @Test
    void segwitTypesAreRecognised() {
        assertEquals(AddressType.P2WPKH, parseMain("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4").type());
        assertEquals(AddressType.P2TR, parseMain("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0").type());
        assertEquals(AddressType.WITNESS_UNKNOWN, parseMain("BC1SW50QGDZ25J").type()); // v16, 2 bytes
        assertEquals(AddressType.WITNESS_UNKNOWN,
                parseMain("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y").type()); // v1, 40 bytes
        assertEquals(AddressType.P2WSH, BitcoinAddress.parse(
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", Network.TESTNET).type());
        assertEquals(16, parseMain("BC1SW50QGDZ25J").witnessVersion());
    }

    @Test
    void bip350InvalidSegwitAddressesAreRejectedForTheRightReasonOnEveryNetwork() {
        for (JsonNode v : AddressVectors.load("bip350_vectors.json").get("invalid_segwit")) {
            String address = v.get("address").asText();
            Reason expected = BIP350_REASONS.get(v.get("reason").asText());
            assertTrue(expected != null, "no mapping for " + v.get("reason"));
            InvalidAddressException e = rejected(address, networkOfHrp(address));
            assertEquals(expected, e.reason(), address + ": " + e.getMessage());
            for (Network n : Network.values()) rejected(address, n);
        }
    }

    @Test
    void bip173SegwitVectorsFollowBip350() {
        for (JsonNode v : AddressVectors.load("bip173_vectors.json").get("valid_segwit")) {
            String address = v.get("address").asText();
            Network network = networkOfHrp(address);
            boolean v0 = v.get("scriptPubKey").asText().startsWith("00");
            if (v0) {
                assertEquals(v.get("scriptPubKey").asText(), hex(BitcoinAddress.parse(address, network).scriptPubKey()));
            } else {
                // BIP173 called these valid; BIP350 requires bech32m for v1+, so they must now fail
                InvalidAddressException e = rejected(address, network);
                assertEquals(Reason.CHECKSUM_VARIANT_MISMATCH, e.reason(), address);
                assertTrue(e.getMessage().contains("bech32m"), e.getMessage());
            }
        }
        for (JsonNode v : AddressVectors.load("bip173_vectors.json").get("invalid_segwit")) {
            for (Network n : Network.values()) rejected(v.get("address").asText(), n);
        }
    }

    @Test
    void bitcoinCoreValidAddressesOnEveryNetwork() {
        int count = 0;
        for (JsonNode v : AddressVectors.load("key_io_valid_addresses.json").get("valid")) {
            String address = v.get("address").asText();
            Network network = Network.fromName(v.get("chain").asText());
            BitcoinAddress a = BitcoinAddress.parse(address, network);
            String spk = v.get("scriptPubKey").asText();
            assertEquals(spk, hex(a.scriptPubKey()), address);
            assertEquals(address, a.toString());
            assertEquals(network, a.network());
            assertEquals(expectedType(spk), a.type(), address);
            if (a.witnessVersion() >= 0) { // Core's tryCaseFlip: the upper-case form is the same address
                BitcoinAddress upper = BitcoinAddress.parse(address.toUpperCase(Locale.ROOT), network);
                assertEquals(a, upper);
                assertEquals(address, upper.toString());
            }
            assertEquals(a, BitcoinAddress.fromScriptPubKey(hex(spk), network), "re-encoding " + address);
            count++;
        }
        assertEquals(54, count);
    }

    @Test
    void bitcoinCoreInvalidStringsAreRejectedOnEveryNetwork() {
        int count = 0;
        for (JsonNode v : AddressVectors.load("key_io_invalid.json").get("invalid")) {
            for (Network n : Network.values()) rejected(v.asText(), n);
            count++;
        }
        assertEquals(79, count);
    }

    @Test
    void wrongNetworkNamesTheNetworkTheAddressBelongsTo() {
        String mainSegwit = "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv";
        String testSegwit = "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54";
        String regSegwit = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";
        String mainP2pkh = "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo";
        String mainP2sh = "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm";
        String testP2pkh = "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ";

        assertWrongNetwork(mainSegwit, Network.TESTNET, "mainnet");
        assertWrongNetwork(mainSegwit, Network.REGTEST, "mainnet");
        assertWrongNetwork(testSegwit, Network.MAINNET, "testnet/signet");
        assertWrongNetwork(testSegwit, Network.REGTEST, "testnet/signet");
        assertWrongNetwork(regSegwit, Network.TESTNET, "regtest");
        assertWrongNetwork(regSegwit, Network.MAINNET, "regtest");
        assertWrongNetwork(mainP2pkh, Network.SIGNET, "mainnet");
        assertWrongNetwork(mainP2sh, Network.REGTEST, "mainnet");
        assertWrongNetwork(testP2pkh, Network.MAINNET, "testnet/signet/regtest");

        // Shared prefixes: a testnet address is equally a signet one, and base58 is shared with regtest.
        assertEquals(Network.SIGNET, BitcoinAddress.parse(testSegwit, Network.SIGNET).network());
        assertEquals(AddressType.P2PKH, BitcoinAddress.parse(testP2pkh, Network.REGTEST).type());
    }

    @Test
    void messagesSayWhatIsWrong() {
        InvalidAddressException badChecksum = rejected("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp", Network.MAINNET);
        assertEquals(Reason.BAD_CHECKSUM, badChecksum.reason());
        assertTrue(badChecksum.getMessage().contains("checksum"), badChecksum.getMessage());
        assertTrue(badChecksum.getMessage().contains("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp"), badChecksum.getMessage());

        InvalidAddressException badBech32 = rejected("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Network.MAINNET);
        assertEquals(Reason.BAD_CHECKSUM, badBech32.reason());

        InvalidAddressException mixed = rejected("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", Network.TESTNET);
        assertTrue(mixed.getMessage().contains("case"), mixed.getMessage());

        InvalidAddressException zero = rejected("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN20o", Network.MAINNET);
        assertEquals(Reason.INVALID_CHARACTER, zero.reason());
        assertTrue(zero.getMessage().contains("'0'"), zero.getMessage());

        InvalidAddressException v0Length = rejected("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Network.MAINNET);
        assertTrue(v0Length.getMessage().contains("16 bytes"), v0Length.getMessage());

        InvalidAddressException unknownHrp = rejected("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", Network.MAINNET);
        assertEquals(Reason.UNKNOWN_PREFIX, unknownHrp.reason());
        assertTrue(unknownHrp.getMessage().contains("'tc'"), unknownHrp.getMessage());

        assertEquals(Reason.EMPTY, rejected("", Network.MAINNET).reason());
        assertEquals(Reason.EMPTY, rejected(null, Network.MAINNET).reason());
    }

    @Test
    void aPrivateKeyIsRecognisedAndNotAccepted() {
        // WIF private keys from Core's key_io_valid.json (mainnet uncompressed, testnet4 compressed)
        InvalidAddressException wif = rejected("5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9", Network.MAINNET);
        assertEquals(Reason.PRIVATE_KEY, wif.reason());
        assertFalse(wif.getMessage().contains("5JuW2AMDYu4x"), "the key must not be echoed: " + wif.getMessage());
        assertEquals(Reason.PRIVATE_KEY, rejected("cV83kKisF3RQSvXbUCm9ox3kaz5JjEUBWcx8tNydfGJcyeUxuH47", Network.TESTNET).reason());
    }

    @Test
    void fromScriptPubKeyRejectsNonStandardScripts() {
        assertThrows(IllegalArgumentException.class, () -> BitcoinAddress.fromScriptPubKey(hex("6a04deadbeef"), Network.MAINNET));
        assertThrows(IllegalArgumentException.class, () -> BitcoinAddress.fromScriptPubKey(hex("0010" + "00".repeat(16)), Network.MAINNET));
    }

    @Test
    void networkNamesFollowBitcoindChainNames() {
        assertEquals(Network.MAINNET, Network.fromName("main"));
        assertEquals(Network.TESTNET, Network.fromName("test"));
        assertEquals(Network.TESTNET, Network.fromName("testnet4"));
        assertEquals(Network.SIGNET, Network.fromName("signet"));
        assertEquals(Network.REGTEST, Network.fromName("regtest"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.fromName("litecoin"));
        assertTrue(e.getMessage().contains("litecoin"));
    }

    @Test
    void scriptPubKeyIsACopy() {
        BitcoinAddress a = parseMain("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");
        a.scriptPubKey()[2] = 0;
        assertArrayEquals(hex("0014751e76e8199196d454941c45d1b3a323f1433bd6"), a.scriptPubKey());
    }

    private static BitcoinAddress parseMain(String s) {
        return BitcoinAddress.parse(s, Network.MAINNET);
    }

    private static void assertWrongNetwork(String address, Network network, String belongsTo) {
        InvalidAddressException e = rejected(address, network);
        assertEquals(Reason.WRONG_NETWORK, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("is a " + belongsTo + " address"), e.getMessage());
        assertTrue(e.getMessage().contains(network.displayName()), e.getMessage());
    }

    private static InvalidAddressException rejected(String address, Network network) {
        try {
            BitcoinAddress a = BitcoinAddress.parse(address, network);
            fail("accepted '" + address + "' on " + network + " as " + a.type());
            return null;
        } catch (InvalidAddressException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return e;
        }
    }

    /** The vectors' network comes from their prefix; tb stands for testnet (signet shares it). */
    private static Network networkOfHrp(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bcrt1")) return Network.REGTEST;
        if (lower.startsWith("tb1")) return Network.TESTNET;
        return Network.MAINNET;
    }

    private static AddressType expectedType(String spk) {
        if (spk.startsWith("76a914")) return AddressType.P2PKH;
        if (spk.startsWith("a914")) return AddressType.P2SH;
        if (spk.startsWith("0014")) return AddressType.P2WPKH;
        if (spk.startsWith("0020")) return AddressType.P2WSH;
        if (spk.startsWith("5120")) return AddressType.P2TR;
        return AddressType.WITNESS_UNKNOWN;
    }
}
