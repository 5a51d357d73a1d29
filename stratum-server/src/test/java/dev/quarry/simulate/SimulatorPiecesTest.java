package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.cli.QuarryMain;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small pure pieces: extranonce2, pacing, histogram, URL and host policy, profile mix. */
class SimulatorPiecesTest {

    @Test
    void extranonce2IsALittleEndianCounterAsInEspMiner() {
        JsonNode cases = Vectors.load("encodings.json").get("esp_miner_helpers").get("extranonce2_generate_little_endian_counter");
        for (JsonNode c : cases) {
            assertEquals(c.get("hex").asText(), Extranonce2Counter.hex(c.get("counter").asLong(), c.get("size").asInt()), c.toString());
        }
        Extranonce2Counter two = new Extranonce2Counter(2);
        for (int i = 0; i < 65535; i++) two.nextHex();
        assertEquals("ffff", two.nextHex());
        assertEquals("0000", two.nextHex(), "wraps inside its bytes");
        assertThrows(IllegalArgumentException.class, () -> new Extranonce2Counter(0));
    }

    @Test
    void poissonPacingHasTheRequestedMeanAndExponentialSpread() {
        PoissonPacer p = new PoissonPacer(50, new SplittableRandom(42));
        int n = 200_000;
        double sum = 0, sumSq = 0;
        int belowMean = 0;
        for (int i = 0; i < n; i++) {
            double d = p.nextDelayNanos() / 1e9;
            sum += d;
            sumSq += d * d;
            if (d < 0.02) belowMean++;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(0.02, mean, 0.0005, "mean gap = 1/rate");
        assertEquals(1.0, sd / mean, 0.02, "exponential: coefficient of variation 1");
        assertEquals(1 - Math.exp(-1), belowMean / (double) n, 0.005, "P(gap < mean) = 1 - 1/e");
        assertThrows(IllegalArgumentException.class, () -> new PoissonPacer(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new PoissonPacer(Double.NaN, new SplittableRandom(1)));
    }

    @Test
    void histogramPercentilesAreWithinTheBucketPrecision() {
        LogHistogram h = new LogHistogram();
        Random r = new Random(3);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(r.nextDouble() * Math.log(5_000_000)); // 1us .. 5s, log-uniform
            h.record(values[i]);
        }
        java.util.Arrays.sort(values);
        LogHistogram.Snapshot s = h.snapshot();
        assertEquals(values.length, s.count());
        for (double q : new double[]{0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertEquals(exact, s.percentile(q), Math.max(1, exact * 0.016), "q=" + q);
        }
        for (int i = 0; i < 100; i++) h.record(7);
        LogHistogram.Snapshot later = h.snapshot().minus(s);
        assertEquals(100, later.count());
        assertEquals(7, later.percentile(0.99), "small values are exact");
        assertEquals(0, new LogHistogram().snapshot().percentile(0.5));
    }

    @Test
    void histogramBucketsCoverEveryLongWithoutGaps() {
        for (int i = 1; i < LogHistogram.BUCKETS; i++) {
            assertEquals(i, LogHistogram.indexOf(LogHistogram.lowerBound(i)));
            assertEquals(i - 1, LogHistogram.indexOf(LogHistogram.lowerBound(i) - 1));
        }
        assertEquals(LogHistogram.BUCKETS - 1, LogHistogram.indexOf(Long.MAX_VALUE));
    }

    @Test
    void urlsParse() {
        assertEquals(new StratumUrl("127.0.0.1", 3333), StratumUrl.parse("stratum+tcp://127.0.0.1:3333"));
        assertEquals(new StratumUrl("::1", 3334), StratumUrl.parse("stratum+tcp://[::1]:3334"));
        assertEquals(new StratumUrl("localhost", 1), StratumUrl.parse("localhost:1"));
        assertEquals("unsupported scheme 'http' (only stratum+tcp)",
                assertThrows(IllegalArgumentException.class, () -> StratumUrl.parse("http://127.0.0.1:80")).getMessage());
        assertEquals("stratum URL port is not a number: 'x'",
                assertThrows(IllegalArgumentException.class, () -> StratumUrl.parse("stratum+tcp://127.0.0.1:x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StratumUrl.parse("stratum+tcp://127.0.0.1:70000"));
        assertThrows(IllegalArgumentException.class, () -> StratumUrl.parse("stratum+tcp://127.0.0.1"));
    }

    @Test
    void onlyLoopbackUnlessAHostIsAllowedExplicitly() {
        HostPolicy p = new HostPolicy(Set.of("pool.example.org"));
        for (String ok : new String[]{"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "pool.example.org", "POOL.example.org."}) {
            assertTrue(p.permits(ok), ok);
        }
        for (String bad : new String[]{"10.0.0.1", "128.0.0.1", "127.0.0.256", "127.0.0", "127.0.0.1.evil.com", "localhost.evil.com",
                "other.example.org", "0.0.0.0", ""}) {
            assertFalse(p.permits(bad), bad);
        }
        assertEquals("refusing to connect to non-loopback host '10.0.0.1': pass --allow-host 10.0.0.1 if you operate that pool",
                assertThrows(IllegalArgumentException.class, () -> new HostPolicy(Set.of()).check("10.0.0.1")).getMessage());
    }

    @Test
    void simulateCommandRefusesARemoteHostAndUnboundedRuns() {
        assertEquals(2, run("simulate", "--url", "stratum+tcp://10.1.2.3:3333", "--duration", "1s"));
        assertEquals(2, run("simulate", "--miners", "0"));
        assertEquals(2, run("simulate", "--miners", "200001"));
        assertEquals(2, run("simulate", "--duration", "25h"));
        assertEquals(2, run("simulate", "--duration", "soon"));
        assertEquals(2, run("simulate", "--mode", "synthetic", "--rate", "0"));
    }

    private static int run(String... args) {
        var cl = QuarryMain.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void profileMixIsDeterministicAndInterleaved() {
        ProfileMix mix = ProfileMix.parse("mix");
        assertEquals(FirmwareProfile.ESP_MINER, mix.forMiner(0));
        assertEquals(FirmwareProfile.CGMINER, mix.forMiner(1));
        assertEquals(FirmwareProfile.BRAIINS, mix.forMiner(2));
        ProfileMix weighted = ProfileMix.parse("esp-miner:2, braiins:1");
        int esp = 0;
        for (int i = 0; i < 300; i++) if (weighted.forMiner(i) == FirmwareProfile.ESP_MINER) esp++;
        assertEquals(200, esp);
        assertEquals(FirmwareProfile.BRAIINS, weighted.forMiner(1), "interleaved, not blocks");
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("esp-miner:0"));
        assertThrows(IllegalArgumentException.class, () -> ProfileMix.parse("esp-miner:x"));
    }

    @Test
    void pendingRequestsMatchInAndOutOfOrderAndGrow() {
        PendingRequests p = new PendingRequests();
        for (int i = 1; i <= 100; i++) p.add(i, PendingRequests.Kind.SUBMIT, i * 10L);
        assertEquals(PendingRequests.Kind.SUBMIT, p.remove(50));
        assertEquals(500L, p.lastSentNanos());
        assertEquals(PendingRequests.Kind.SUBMIT, p.remove(1));
        assertEquals(null, p.remove(1), "answered once");
        assertEquals(null, p.remove(1000));
        assertEquals(98, p.size());
    }
}
