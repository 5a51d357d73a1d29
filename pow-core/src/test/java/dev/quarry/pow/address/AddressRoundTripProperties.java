package dev.quarry.pow.address;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Encode → decode round trips for every type and network, and single-character typos being caught. */
class AddressRoundTripProperties {

    private static final String BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final String BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    @Property(tries = 300)
    void everyStandardScriptRoundTrips(@ForAll("scripts") byte[] script, @ForAll Network network) {
        BitcoinAddress a = BitcoinAddress.fromScriptPubKey(script, network);
        BitcoinAddress parsed = BitcoinAddress.parse(a.toString(), network);
        assertArrayEquals(script, parsed.scriptPubKey());
        assertEquals(a.type(), parsed.type());
        assertEquals(a.toString(), parsed.toString());
    }

    /**
     * Bech32/Bech32m detect any single substitution (BIP173: up to 4 errors are always detected);
     * for Base58Check a substitution goes unnoticed with chance 2^-32.
     */
    @Property(tries = 300)
    void aSingleSubstitutedCharacterIsRejected(@ForAll("scripts") byte[] script, @ForAll Network network,
                                               @ForAll("positions") int where, @ForAll("offsets") int offset) {
        String address = BitcoinAddress.fromScriptPubKey(script, network).toString();
        boolean segwit = address.toLowerCase(Locale.ROOT).startsWith(network.bech32Hrp() + "1");
        String alphabet = segwit ? BECH32_CHARSET : BASE58_ALPHABET;
        int first = segwit ? network.bech32Hrp().length() + 1 : 0; // change the data part, not the prefix
        int pos = first + where % (address.length() - first);
        int old = alphabet.indexOf(address.charAt(pos));
        char replacement = alphabet.charAt((old + offset) % alphabet.length());
        String typo = address.substring(0, pos) + replacement + address.substring(pos + 1);
        assertThrows(InvalidAddressException.class, () -> BitcoinAddress.parse(typo, network), typo);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(1, 31);
    }

    @Provide
    Arbitrary<byte[]> scripts() {
        Arbitrary<byte[]> h20 = Arbitraries.bytes().array(byte[].class).ofSize(20);
        Arbitrary<byte[]> h32 = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> p2pkh = h20.map(h -> concat(new byte[] {0x76, (byte) 0xa9, 20}, h, new byte[] {(byte) 0x88, (byte) 0xac}));
        Arbitrary<byte[]> p2sh = h20.map(h -> concat(new byte[] {(byte) 0xa9, 20}, h, new byte[] {(byte) 0x87}));
        Arbitrary<byte[]> p2wpkh = h20.map(h -> concat(new byte[] {0, 20}, h));
        Arbitrary<byte[]> p2wsh = h32.map(h -> concat(new byte[] {0, 32}, h));
        Arbitrary<byte[]> p2tr = h32.map(h -> concat(new byte[] {0x51, 32}, h));
        Arbitrary<byte[]> future = Combinators.combine(Arbitraries.integers().between(1, 16),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(40))
                .as((v, p) -> concat(new byte[] {(byte) (0x50 + v), (byte) p.length}, p));
        return Arbitraries.oneOf(p2pkh, p2sh, p2wpkh, p2wsh, p2tr, future);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
