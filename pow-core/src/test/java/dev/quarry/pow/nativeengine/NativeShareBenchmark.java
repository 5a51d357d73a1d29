package dev.quarry.pow.nativeengine;

import dev.quarry.pow.sha.Sha256Engine;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Java path vs native path, per share with a 12-level merkle branch (coinb1 60 B, en1 4 B,
 * en2 8 B, coinb2 120 B: a typical pool coinbase), and sha256d of an 80-byte header.
 * native/run-c-bench.sh measures the same work in C alone, so the JNI overhead is the
 * difference. Run: see docs/benchmarks.md ("Native share validation").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NativeShareBenchmark {

    static final int BATCH = 64;

    private ShareJob job;
    private byte[] en1;
    private byte[][] en2;
    private final ShareOutcome out = new ShareOutcome();
    private ShareOutcome[] outs;
    private ShareValidator javaJdk;
    private ShareValidator javaPure;
    private NativeShareValidator nat;
    private NativeShareBatch batch;
    private Sha256Engine jdkEngine;
    private Sha256Engine pureEngine;
    private byte[] header;
    private final byte[] hash = new byte[32];
    private java.nio.ByteBuffer direct;
    private int nonce;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        byte[][] branch = new byte[12][];
        for (int i = 0; i < branch.length; i++) {
            branch[i] = bytes(r, 32);
        }
        job = new ShareJob(bytes(r, 32), bytes(r, 60), bytes(r, 120), branch, 0x20000000, 0x1703a30c);
        en1 = bytes(r, 4);
        en2 = new byte[BATCH][];
        outs = new ShareOutcome[BATCH];
        for (int i = 0; i < BATCH; i++) {
            en2[i] = bytes(r, 8);
            outs[i] = new ShareOutcome();
        }
        javaJdk = new ShareValidator(Sha256Engines.create("jdk"));
        javaPure = new ShareValidator(Sha256Engines.create("java"));
        jdkEngine = Sha256Engines.create("jdk");
        pureEngine = Sha256Engines.create("java");
        nat = new NativeShareValidator();  // throws unless the native path is in use
        batch = new NativeShareBatch(BATCH);
        header = bytes(r, 80);
        direct = java.nio.ByteBuffer.allocateDirect(112);
        direct.put(0, header, 0, 80);
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Benchmark
    public byte[] shareJavaJdk() {
        javaJdk.validate(job, en1, en2[0], 0x6553f100, nonce++, 0x20000000, out);
        return out.hash();
    }

    @Benchmark
    public byte[] shareJavaPure() {
        javaPure.validate(job, en1, en2[0], 0x6553f100, nonce++, 0x20000000, out);
        return out.hash();
    }

    @Benchmark
    public byte[] shareNativeSingle() {
        nat.validate(job, en1, en2[0], 0x6553f100, nonce++, 0x20000000, out);
        return out.hash();
    }

    /** Per share: BATCH independent shares validated by one native call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] shareNativeBatch() {
        batch.clear();
        for (int i = 0; i < BATCH; i++) {
            batch.add(job, en1, en2[i], 0x6553f100, nonce++, 0x20000000, outs[i]);
        }
        nat.validateBatch(batch);
        return outs[BATCH - 1].hash();
    }

    @Benchmark
    public byte[] headerJavaJdk() {
        header[76]++;
        jdkEngine.sha256d(header, 0, 80, hash, 0);
        return hash;
    }

    @Benchmark
    public byte[] headerJavaPure() {
        header[76]++;
        pureEngine.sha256d(header, 0, 80, hash, 0);
        return hash;
    }

    @Benchmark
    public java.nio.ByteBuffer headerNativeDirect() {
        direct.put(76, (byte) (direct.get(76) + 1));
        nat.sha256dHeader(direct, 0, 80);
        return direct;
    }

    @Benchmark
    public byte[] headerNative() {
        header[76]++;
        nat.sha256dHeader(header, 0, hash, 0);
        return hash;
    }
}
