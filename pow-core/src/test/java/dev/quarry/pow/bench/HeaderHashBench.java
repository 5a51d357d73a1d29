package dev.quarry.pow.bench;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.JavaSha256Engine;
import dev.quarry.pow.sha.Sha256Engine;
import dev.quarry.pow.sha.Sha256Engines;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * sha256d of an 80-byte header (block 125552's), the nonce bumped every call so no result can be cached. Peers in
 * the same run: MessageDigest used the obvious way (getInstance + digest twice) and BouncyCastle's SHA256Digest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderHashBench {
    private final byte[] header = Hex.decode("0100000081cd02ab7e569e8bcd9317e2fe99f2de44d49ab2b8851ba4a308000000000000"
            + "e320b6c2fffc8d750423db8b1eb942ae710e951ed797f7affc8892b0f1fc122bc7f5d74df2b9441a42a14695");
    private final byte[] out = new byte[32];
    private final byte[] bcFirst = new byte[32];
    private final int[] midstate = new int[8];
    private Sha256Engine jdk;
    private JavaSha256Engine java;
    private SHA256Digest bc;

    @Setup
    public void setUp() {
        jdk = Sha256Engines.create("jdk");
        java = new JavaSha256Engine();
        java.midstate(header, 0, midstate);
        bc = new SHA256Digest();
    }

    private void nextNonce() {
        header[76]++;
    }

    @Benchmark
    public byte[] jdkEngine() {
        nextNonce();
        jdk.sha256d(header, 0, 80, out, 0);
        return out;
    }

    @Benchmark
    public byte[] javaEngine() {
        nextNonce();
        java.sha256d(header, 0, 80, out, 0);
        return out;
    }

    /** Nonce scanning: the first 64 bytes repeat, so their midstate is reused (two compressions, not three). */
    @Benchmark
    public byte[] javaEngineMidstate() {
        nextNonce();
        java.sha256dHeaderFromMidstate(midstate, header, 0, out, 0);
        return out;
    }

    /** The obvious code: a new MessageDigest per header, digest twice (allocates). */
    @Benchmark
    public byte[] obviousMessageDigest() throws NoSuchAlgorithmException {
        nextNonce();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(md.digest(header));
    }

    /** BouncyCastle's pure-Java SHA256Digest, one reused instance, caller-owned output. */
    @Benchmark
    public byte[] bouncyCastle() {
        nextNonce();
        bc.update(header, 0, 80);
        bc.doFinal(bcFirst, 0);
        bc.update(bcFirst, 0, 32);
        bc.doFinal(out, 0);
        return out;
    }
}
