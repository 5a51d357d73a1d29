package dev.quarry.pow.nativeengine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The {@link NativeShareBenchmark} cases timed in this thread's CPU time instead of wall time.
 * A companion to the JMH run on a shared machine: time spent descheduled while other builds run
 * is not counted, so the ratios between paths stay readable under load. Prints the median and
 * the min/max of 9 one-second rounds after 3 warm-up rounds, in ns per operation.
 */
public final class NativeShareCpuTime {

    private NativeShareCpuTime() {
    }

    public static void main(String[] args) {
        NativeShareBenchmark b = new NativeShareBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        run(mx, "shareJavaJdk", 1, b::shareJavaJdk);
        run(mx, "shareJavaPure", 1, b::shareJavaPure);
        run(mx, "shareNativeSingle", 1, b::shareNativeSingle);
        run(mx, "shareNativeBatch", NativeShareBenchmark.BATCH, b::shareNativeBatch);
        run(mx, "headerJavaJdk", 1, b::headerJavaJdk);
        run(mx, "headerJavaPure", 1, b::headerJavaPure);
        run(mx, "headerNative", 1, b::headerNative);
        run(mx, "headerNativeDirect", 1, () -> new byte[] {b.headerNativeDirect().get(80)});
    }

    private static int sink;

    private static void run(ThreadMXBean mx, String name, int opsPerCall, Supplier<byte[]> op) {
        double[] rounds = new double[9];
        for (int r = -3; r < rounds.length; r++) {
            long calls = 0;
            long start = mx.getCurrentThreadCpuTime();
            long end = start + 1_000_000_000L;
            long now;
            do {
                for (int i = 0; i < 64; i++) {
                    sink ^= op.get()[0];
                }
                calls += 64;
                now = mx.getCurrentThreadCpuTime();
            } while (now < end);
            if (r >= 0) {
                rounds[r] = (now - start) / (double) (calls * opsPerCall);
            }
        }
        Arrays.sort(rounds);
        System.out.printf("%-20s %10.1f ns/op  (min %.1f, max %.1f)%n", name, rounds[rounds.length / 2], rounds[0],
                rounds[rounds.length - 1]);
    }
}
