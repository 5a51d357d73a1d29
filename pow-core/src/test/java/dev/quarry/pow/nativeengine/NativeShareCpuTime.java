package dev.quarry.pow.nativeengine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link NativeShareBenchmark} cases timed in this thread's CPU time instead of wall time.
 * A companion to the JMH run on a shared machine: time spent descheduled while other builds run
 * is not counted, so the ratios between paths stay readable under load. Prints the median and
 * the min/max of 9 one-second rounds after 3 warm-up rounds, in ns per operation.
 *
 * <p>Arguments, optional: case names to run (default all). The rounds of the chosen cases are
 * interleaved (round 1 of every case, then round 2, ...), so a change of load on a shared
 * machine touches all of them alike and their ratios stay comparable. Each line also gives the
 * first case's time divided by this case's, median and range over the rounds, each round
 * against the first case's round taken just before it.
 */
public final class NativeShareCpuTime {

    private NativeShareCpuTime() {
    }

    public static void main(String[] args) {
        NativeShareBenchmark b = new NativeShareBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Case> all = new LinkedHashMap<>();
        all.put("shareJavaJdk", new Case(1, b::shareJavaJdk));
        all.put("shareJavaPure", new Case(1, b::shareJavaPure));
        all.put("shareNativeSingle", new Case(1, b::shareNativeSingle));
        all.put("shareNativeBatch", new Case(NativeShareBenchmark.BATCH, b::shareNativeBatch));
        all.put("headerJavaJdk", new Case(1, b::headerJavaJdk));
        all.put("headerJavaPure", new Case(1, b::headerJavaPure));
        all.put("headerNative", new Case(1, b::headerNative));
        all.put("headerNativeDirect", new Case(1, () -> new byte[] {b.headerNativeDirect().get(80)}));
        List<String> names = args.length == 0 ? List.copyOf(all.keySet()) : Arrays.asList(args);
        double[][] rounds = new double[names.size()][9];
        for (int r = -3; r < 9; r++) {
            for (int c = 0; c < names.size(); c++) {
                Case k = all.get(names.get(c));
                if (k == null) {
                    throw new IllegalArgumentException("no case " + names.get(c) + "; cases: " + all.keySet());
                }
                double ns = round(mx, k);
                if (r >= 0) {
                    rounds[c][r] = ns;
                }
            }
        }
        for (int c = 0; c < names.size(); c++) {
            // ratio of the first case to this one, round by round (the rounds ran back to back)
            double[] ratio = new double[9];
            for (int r = 0; r < 9; r++) {
                ratio[r] = rounds[0][r] / rounds[c][r];
            }
            double[] x = rounds[c].clone();
            Arrays.sort(x);
            Arrays.sort(ratio);
            System.out.printf("%-20s %10.1f ns/op  (min %.1f, max %.1f)   %s / this: %.2fx (%.2f-%.2f)%n", names.get(c), x[x.length / 2],
                    x[0], x[x.length - 1], names.get(0), ratio[4], ratio[0], ratio[8]);
        }
    }

    private record Case(int opsPerCall, Supplier<byte[]> op) {
    }

    private static int sink;

    /** One second of thread CPU time; returns ns per operation. */
    private static double round(ThreadMXBean mx, Case k) {
        long calls = 0;
        long start = mx.getCurrentThreadCpuTime();
        long end = start + 1_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                sink ^= k.op().get()[0];
            }
            calls += 64;
            now = mx.getCurrentThreadCpuTime();
        } while (now < end);
        return (now - start) / (double) (calls * k.opsPerCall());
    }
}
