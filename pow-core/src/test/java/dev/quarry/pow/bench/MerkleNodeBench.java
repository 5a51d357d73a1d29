package dev.quarry.pow.bench;

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
 * One merkle node: sha256d(left32 || right32), the result fed back as the next left so every call hashes new data
 * (as when folding a branch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerkleNodeBench {
    private final byte[] node = new byte[32];
    private final byte[] sibling = new byte[32];
    private final byte[] concat = new byte[64];
    private final byte[] bcFirst = new byte[32];
    private Sha256Engine jdk;
    private Sha256Engine java;
    private SHA256Digest bc;

    @Setup
    public void setUp() {
        for (int i = 0; i < 32; i++) {
            node[i] = (byte) i;
            sibling[i] = (byte) (0xa5 ^ i);
        }
        jdk = Sha256Engines.create("jdk");
        java = Sha256Engines.create("java");
        bc = new SHA256Digest();
    }

    @Benchmark
    public byte[] jdkEngine() {
        jdk.sha256dPair(node, 0, sibling, 0, node, 0);
        return node;
    }

    @Benchmark
    public byte[] javaEngine() {
        java.sha256dPair(node, 0, sibling, 0, node, 0);
        return node;
    }

    /** The obvious code: concatenate, new MessageDigest, digest twice. */
    @Benchmark
    public byte[] obviousMessageDigest() throws NoSuchAlgorithmException {
        System.arraycopy(node, 0, concat, 0, 32);
        System.arraycopy(sibling, 0, concat, 32, 32);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] h = md.digest(md.digest(concat));
        System.arraycopy(h, 0, node, 0, 32);
        return node;
    }

    @Benchmark
    public byte[] bouncyCastle() {
        bc.update(node, 0, 32);
        bc.update(sibling, 0, 32);
        bc.doFinal(bcFirst, 0);
        bc.update(bcFirst, 0, 32);
        bc.doFinal(node, 0);
        return node;
    }
}
