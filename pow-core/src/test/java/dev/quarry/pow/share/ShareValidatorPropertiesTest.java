package dev.quarry.pow.share;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quarry.pow.reference.Reference;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.pow.target.Target256;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The share-validation kernel on every engine equals a reference built from MessageDigest and BigInteger. */
class ShareValidatorPropertiesTest {

    @Provide
    Arbitrary<String> engines() {
        return Arbitraries.of(Sha256Engines.names());
    }

    @Provide
    Arbitrary<byte[]> coinbasePart() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(260);
    }

    @Provide
    Arbitrary<byte[]> extranonce() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<byte[]>> branch() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).list().ofMinSize(0).ofMaxSize(13);
    }

    @Provide
    Arbitrary<BigInteger> target() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(256)
                .subtract(BigInteger.ONE));
    }

    @Property(tries = 300)
    void validateEqualsTheReference(@ForAll("engines") String engineName, @ForAll @Size(32) byte[] prevHash,
            @ForAll("coinbasePart") byte[] coinb1, @ForAll("coinbasePart") byte[] coinb2,
            @ForAll("branch") List<byte[]> branch, @ForAll("extranonce") byte[] en1, @ForAll("extranonce") byte[] en2,
            @ForAll int version, @ForAll int bits, @ForAll int ntime, @ForAll int nonce,
            @ForAll("target") BigInteger target) {
        byte[][] steps = branch.toArray(new byte[0][]);
        ShareJob job = new ShareJob(prevHash, coinb1, coinb2, steps, version, bits);
        ShareValidator validator = new ShareValidator(Sha256Engines.create(engineName));
        ShareOutcome out = new ShareOutcome();
        validator.validate(job, en1, en2, ntime, nonce, version, out);

        byte[] txid = Reference.sha256d(Reference.concat(coinb1, en1, en2, coinb2));
        byte[] root = txid;
        for (byte[] step : steps) {
            root = Reference.sha256d(Reference.concat(root, step));
        }
        byte[] header = Reference.header(version, prevHash, root, ntime, bits, nonce);
        byte[] hash = Reference.sha256d(header);
        assertArrayEquals(txid, out.coinbaseTxid());
        assertArrayEquals(root, out.merkleRoot());
        assertArrayEquals(header, out.header());
        assertArrayEquals(hash, out.hash());
        BigInteger h = Reference.hashValue(hash);
        assertEquals(Reference.DIFF1.doubleValue() / h.doubleValue(), out.achievedDifficulty());
        assertEquals(h.compareTo(target) <= 0, out.meets(Target256.of(target)));
        // A second share on the same validator and outcome (new nonce) is again exact.
        validator.validate(job, en1, en2, ntime, nonce + 1, version, out);
        assertArrayEquals(Reference.sha256d(Reference.header(version, prevHash, root, ntime, bits, nonce + 1)),
                out.hash());
        assertEquals(Reference.DIFF1.doubleValue() / Reference.hashValue(out.hash()).doubleValue(),
                out.achievedDifficulty());
    }

    @Property(tries = 100)
    void shareJobDoesNotShareCallerArrays(@ForAll @Size(32) byte[] prevHash, @ForAll("coinbasePart") byte[] coinb1,
            @ForAll("coinbasePart") byte[] coinb2, @ForAll("branch") List<byte[]> branch) {
        byte[][] steps = branch.toArray(new byte[0][]);
        ShareJob job = new ShareJob(prevHash, coinb1, coinb2, steps, 1, 2);
        ShareOutcome before = new ShareOutcome();
        new ShareValidator().validate(job, new byte[4], new byte[4], 3, 4, 1, before);
        byte[] hashBefore = before.hash().clone();
        prevHash[0] ^= 1;
        if (coinb1.length > 0) {
            coinb1[0] ^= 1;
        }
        for (byte[] s : steps) {
            s[0] ^= 1;
        }
        ShareOutcome after = new ShareOutcome();
        new ShareValidator().validate(job, new byte[4], new byte[4], 3, 4, 1, after);
        assertArrayEquals(hashBefore, after.hash());
    }
}
