package dev.quarry.pow.sha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.quarry.pow.reference.Reference;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Every engine equals MessageDigest used the obvious way, for any data, offset and length (0..300 bytes). */
class Sha256EnginePropertiesTest {

    @Provide
    Arbitrary<String> engines() {
        return Arbitraries.of(Sha256Engines.names());
    }

    @Provide
    Arbitrary<byte[]> data() {
        // Lengths around block boundaries (55/56/63/64/119/120...) matter most for padding: cover 0..300 densely.
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
    }

    @Property(tries = 400)
    void sha256AndSha256dMatchTheReference(@ForAll("engines") String engineName, @ForAll("data") byte[] data,
            @ForAll @IntRange(min = 0, max = 7) int lead, @ForAll @IntRange(min = 0, max = 5) int outLead) {
        Sha256Engine engine = Sha256Engines.create(engineName);
        byte[] in = new byte[lead + data.length + 3];
        System.arraycopy(data, 0, in, lead, data.length);
        byte[] out = new byte[outLead + 32 + 2];
        engine.sha256(in, lead, data.length, out, outLead);
        assertArrayEquals(Reference.sha256(data), Arrays.copyOfRange(out, outLead, outLead + 32));
        engine.sha256d(in, lead, data.length, out, outLead);
        assertArrayEquals(Reference.sha256d(data), Arrays.copyOfRange(out, outLead, outLead + 32));
        // The same engine instance keeps giving right answers (no state leaks between calls).
        engine.sha256d(in, lead, data.length, out, outLead);
        assertArrayEquals(Reference.sha256d(data), Arrays.copyOfRange(out, outLead, outLead + 32));
    }

    @Property(tries = 300)
    void merkleNodeMatchesTheReferenceIncludingInPlaceOutput(@ForAll("engines") String engineName,
            @ForAll @Size(32) byte[] left, @ForAll @Size(32) byte[] right) {
        Sha256Engine engine = Sha256Engines.create(engineName);
        byte[] expected = Reference.sha256d(Reference.concat(left, right));
        byte[] out = new byte[32];
        engine.sha256dPair(left, 0, right, 0, out, 0);
        assertArrayEquals(expected, out);
        byte[] inPlace = left.clone();
        engine.sha256dPair(inPlace, 0, right, 0, inPlace, 0);
        assertArrayEquals(expected, inPlace);
        byte[] inPlaceRight = right.clone();
        engine.sha256dPair(left, 0, inPlaceRight, 0, inPlaceRight, 0);
        assertArrayEquals(expected, inPlaceRight);
    }

    @Property(tries = 300)
    void resumingFromAPrefixMidstateMatchesHashingEverything(@ForAll("engines") String engineName,
            @ForAll("data") byte[] prefixSource, @ForAll("data") byte[] rest) {
        Sha256Engine engine = Sha256Engines.create(engineName);
        Sha256Prefix prefix = Sha256Prefix.ofLeadingBlocks(prefixSource, prefixSource.length);
        int whole = prefixSource.length - prefixSource.length % 64;
        byte[] rest2 = Reference.concat(Arrays.copyOfRange(prefixSource, whole, prefixSource.length), rest);
        byte[] out = new byte[32];
        engine.sha256dAfterPrefix(prefix, rest2, 0, rest2.length, out, 0);
        assertArrayEquals(Reference.sha256d(Reference.concat(prefixSource, rest)), out);
    }

    @Property(tries = 300)
    void javaEngineHeaderFromMidstateMatchesTheReference(@ForAll @Size(80) byte[] header,
            @ForAll @IntRange(min = 0, max = 9) int lead) {
        JavaSha256Engine engine = new JavaSha256Engine();
        byte[] in = new byte[lead + 80];
        System.arraycopy(header, 0, in, lead, 80);
        int[] mid = new int[8];
        engine.midstate(in, lead, mid);
        byte[] out = new byte[32];
        engine.sha256dHeaderFromMidstate(mid, in, lead, out, 0);
        assertArrayEquals(Reference.sha256d(header), out);
        // Same midstate, another nonce: only the tail changes.
        in[lead + 79] ^= 0x5a;
        engine.sha256dHeaderFromMidstate(mid, in, lead, out, 0);
        assertArrayEquals(Reference.sha256d(Arrays.copyOfRange(in, lead, lead + 80)), out);
    }

    @Property(tries = 50)
    void allocatingConveniencesMatchTheReference(@ForAll("data") byte[] data) {
        assertArrayEquals(Reference.sha256(data), Sha256.sha256(data));
        assertArrayEquals(Reference.sha256d(data), Sha256.sha256d(data));
    }
}
