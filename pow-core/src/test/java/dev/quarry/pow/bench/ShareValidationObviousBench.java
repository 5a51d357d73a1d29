package dev.quarry.pow.bench;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.target.Difficulty;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Peer for {@link ShareValidationBench}: the same share validated by the obvious code (byte streams, a new
 * MessageDigest per hash, BigInteger for the hash value and target comparison).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShareValidationObviousBench {
    @Param({"58", "122"})
    public int coinb1Bytes;

    private byte[] prevHash;
    private byte[] coinb1;
    private byte[] coinb2;
    private byte[][] branch;
    private final byte[] en1 = Hex.decode("4128064f");
    private final byte[] en2 = Hex.decode("17000000");
    private final int ntime = 0x685468d7;
    private final int version = StratumCodec.rollVersion(0x20000000, 0x00b44000, 0x1fffe000);
    private final int bits = 0x17023a04;
    private int nonce = 0x7552034c;
    private BigInteger poolTarget;

    @Setup
    public void setUp() {
        prevHash = StratumCodec.prevHashFromStratum(ShareValidationBench.PREVHASH);
        coinb1 = ShareValidationBench.coinb1(coinb1Bytes);
        coinb2 = Hex.decode(ShareValidationBench.COINB2);
        branch = ShareValidationBench.branch();
        poolTarget = Difficulty.shareTarget(8192);
    }

    @Benchmark
    public double validate() throws NoSuchAlgorithmException {
        ByteArrayOutputStream cb = new ByteArrayOutputStream();
        cb.writeBytes(coinb1);
        cb.writeBytes(en1);
        cb.writeBytes(en2);
        cb.writeBytes(coinb2);
        byte[] h = sha256d(cb.toByteArray());
        for (byte[] step : branch) {
            byte[] cat = new byte[64];
            System.arraycopy(h, 0, cat, 0, 32);
            System.arraycopy(step, 0, cat, 32, 32);
            h = sha256d(cat);
        }
        byte[] header = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN).putInt(version).put(prevHash).put(h)
                .putInt(ntime).putInt(bits).putInt(nonce++).array();
        byte[] hash = sha256d(header);
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = hash[31 - i];
        }
        BigInteger value = new BigInteger(1, be);
        double d = Difficulty.DIFF1.doubleValue() / value.doubleValue();
        return value.compareTo(poolTarget) <= 0 ? d : -d;
    }

    private static byte[] sha256d(byte[] data) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(md.digest(data));
    }
}
