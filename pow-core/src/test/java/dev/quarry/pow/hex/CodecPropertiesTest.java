package dev.quarry.pow.hex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.pow.header.StratumCodec;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Hex and Stratum codecs against the JDK's HexFormat and plain arithmetic. */
class CodecPropertiesTest {

    @Property(tries = 300)
    void hexRoundTripsAndMatchesHexFormat(@ForAll byte[] data) {
        String hex = Hex.encode(data);
        assertEquals(HexFormat.of().formatHex(data), hex);
        assertArrayEquals(data, Hex.decode(hex));
        assertArrayEquals(data, Hex.decode(hex.toUpperCase()));
    }

    @Property(tries = 300)
    void reversedReverses(@ForAll byte[] data) {
        byte[] r = Hex.reversed(data);
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], r[data.length - 1 - i]);
        }
        assertArrayEquals(data, Hex.reversed(r));
    }

    @Property(tries = 300)
    void uint32HexRoundTrips(@ForAll int v) {
        String hex = StratumCodec.uint32Hex(v);
        assertEquals(String.format("%08x", v), hex);
        assertEquals(v, StratumCodec.parseUint32(hex));
        assertEquals(v, StratumCodec.parseUint32(hex.toUpperCase()));
        assertEquals(v, StratumCodec.parseUint32(Integer.toHexString(v)), "without leading zeros");
    }

    @Property(tries = 300)
    void prevHashStratumRoundTripsAndSwapsWords(@ForAll @Size(32) byte[] internal) {
        String stratum = StratumCodec.prevHashToStratum(internal);
        assertArrayEquals(internal, StratumCodec.prevHashFromStratum(stratum));
        byte[] wire = Hex.decode(stratum);
        for (int i = 0; i < 32; i++) {
            assertEquals(internal[i], wire[(i & ~3) + 3 - (i & 3)]);
        }
    }

    @Property(tries = 300)
    void rollVersionTakesMaskedBitsFromTheMiner(@ForAll int job, @ForAll int bits, @ForAll int mask) {
        int rolled = StratumCodec.rollVersion(job, bits, mask);
        for (int i = 0; i < 32; i++) {
            int bit = 1 << i;
            int expected = (mask & bit) != 0 ? bits & bit : job & bit;
            assertEquals(expected, rolled & bit);
        }
    }
}
