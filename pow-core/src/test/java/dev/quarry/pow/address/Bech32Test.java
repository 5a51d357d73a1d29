package dev.quarry.pow.address;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generic Bech32/Bech32m string vectors.
 * Sources: bitcoin/bips@01111edbabb3a5871694cde405e6f4e6d5b510fc bip-0173.mediawiki and
 * bitcoin/bips@0310d9eeb1eda5e3626a738394f58b4ee3252074 bip-0350.mediawiki, "Test vectors"
 * (copied to src/test/resources/address/bip173_vectors.json and bip350_vectors.json).
 */
class Bech32Test {

    @Test
    void bip173ValidStringsDecodeAsBech32AndReEncodeIdentically() {
        JsonNode v = AddressVectors.load("bip173_vectors.json");
        assertValid(v.get("valid_bech32"), Bech32.Encoding.BECH32);
    }

    @Test
    void bip350ValidStringsDecodeAsBech32mAndReEncodeIdentically() {
        JsonNode v = AddressVectors.load("bip350_vectors.json");
        assertValid(v.get("valid_bech32m"), Bech32.Encoding.BECH32M);
    }

    @Test
    void bip173InvalidStringsAreRejected() {
        assertInvalid(AddressVectors.load("bip173_vectors.json").get("invalid_bech32"));
    }

    @Test
    void bip350InvalidStringsAreRejected() {
        assertInvalid(AddressVectors.load("bip350_vectors.json").get("invalid_bech32m"));
    }

    @Test
    void aSingleChangedCharacterBreaksTheChecksum() {
        // A valid BIP173 string with one data character replaced ('q' -> 'p').
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> Bech32.decode("abcdef1ppzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"));
        assertEquals(InvalidAddressException.Reason.BAD_CHECKSUM, e.reason());
    }

    @Test
    void convertBitsRoundTripsAndRejectsBadPadding() {
        byte[] program = AddressVectors.hex("751e76e8199196d454941c45d1b3a323f1433bd6");
        byte[] five = Bech32.convertBits(program, 8, 5, true);
        assertEquals(32, five.length);
        assertArrayEquals(program, Bech32.convertBits(five, 5, 8, false));
        // 2 groups = 10 bits -> one byte plus 2 padding bits, here "11": non-zero padding
        InvalidAddressException nonZero = assertThrows(InvalidAddressException.class,
                () -> Bech32.convertBits(new byte[] {31, 31}, 5, 8, false));
        assertEquals(InvalidAddressException.Reason.BAD_PADDING, nonZero.reason());
        // 3 groups = 15 bits -> one byte plus 7 padding bits: more than 4 is not allowed
        InvalidAddressException tooMuch = assertThrows(InvalidAddressException.class,
                () -> Bech32.convertBits(new byte[] {0, 0, 0}, 5, 8, false));
        assertEquals(InvalidAddressException.Reason.BAD_PADDING, tooMuch.reason());
    }

    private static void assertValid(JsonNode list, Bech32.Encoding expected) {
        for (JsonNode n : list) {
            String s = n.asText();
            Bech32.Decoded d = Bech32.decode(s);
            assertEquals(expected, d.encoding(), s);
            assertEquals(s.toLowerCase(Locale.ROOT), Bech32.encode(d.hrp(), d.data(), d.encoding()), s);
        }
    }

    private static void assertInvalid(JsonNode list) {
        for (JsonNode n : list) {
            String s = n.get("string").asText();
            try {
                Bech32.Decoded d = Bech32.decode(s);
                fail("accepted invalid string '" + s + "' (" + n.get("reason").asText() + ") as " + d.encoding());
            } catch (InvalidAddressException expected) {
                // the message must not be empty: it is shown to the operator
                assertFalse(expected.getMessage().isBlank(), s);
            }
        }
    }
}
