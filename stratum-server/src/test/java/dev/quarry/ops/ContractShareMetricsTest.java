package dev.quarry.ops;

import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.stratum.testkit.InMemoryJournal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-contract share counters: the first N contracts get their own label, the rest count as "other"; failed shares do not count. */
class ContractShareMetricsTest {

    private static final java.util.concurrent.atomic.AtomicInteger N = new java.util.concurrent.atomic.AtomicInteger();

    private static AcceptedShare share(String contract, double difficulty) {
        byte[] hash = new byte[32];
        int k = N.incrementAndGet();
        hash[0] = (byte) k;
        hash[1] = (byte) (k >> 8);
        hash[2] = (byte) (k >> 16);
        return new AcceptedShare(hash, 1_764_201_600_000L, contract, contract + ".rig", "1", "00".repeat(32), difficulty, difficulty,
                0x1d00ffff, 100, false);
    }

    @Test
    void boundedLabelsWithTheRestAsOther() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InMemoryJournal journal = new InMemoryJournal();
        ContractShareMetrics metrics = new ContractShareMetrics(journal, registry, 2);
        for (String c : List.of("alpha", "beta", "gamma", "alpha", "delta")) metrics.append(share(c, 2.0)).get(5, TimeUnit.SECONDS);
        journal.mode(InMemoryJournal.Mode.FAIL);
        assertTrue(metrics.append(share("alpha", 2.0)).isCompletedExceptionally());
        String text = registry.scrape();
        assertEquals(2.0, Exposition.value(text, "quarry_contract_shares_total", Map.of("contract", "alpha")), "failed share not counted");
        assertEquals(1.0, Exposition.value(text, "quarry_contract_shares_total", Map.of("contract", "beta")));
        assertEquals(2.0, Exposition.value(text, "quarry_contract_shares_total", Map.of("contract", "other")), "gamma and delta");
        assertEquals(4.0, Exposition.value(text, "quarry_contract_share_difficulty_total", Map.of("contract", "other")));
        assertEquals(3, contractLabels(text).size(), "alpha, beta, other: " + contractLabels(text));
        assertEquals(0, Promtool.checkMetrics(text).exitCode());
    }

    @Test
    void theServersAcknowledgementPathCountsDurableSharesOnlyAndAlwaysAnswers() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InMemoryJournal journal = new InMemoryJournal();
        ContractShareMetrics metrics = new ContractShareMetrics(journal, registry, 5);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.quarry.accounting.journal.Acknowledgement ack = new dev.quarry.accounting.journal.Acknowledgement() {
            @Override
            public void durable() {
                told.add("durable");
            }

            @Override
            public void failed(Throwable cause) {
                told.add("failed");
            }
        };
        metrics.append(share("alpha", 3.0), ack);
        journal.mode(InMemoryJournal.Mode.FAIL);
        metrics.append(share("alpha", 3.0), ack);
        assertEquals(List.of("durable", "failed"), told);
        String text = registry.scrape();
        assertEquals(1.0, Exposition.value(text, "quarry_contract_shares_total", Map.of("contract", "alpha")), "the failed share is not counted");
        assertEquals(3.0, Exposition.value(text, "quarry_contract_share_difficulty_total", Map.of("contract", "alpha")));
    }

    @Test
    void theLimitHoldsUnderConcurrency() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ContractShareMetrics metrics = new ContractShareMetrics(new InMemoryJournal(), registry, 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    acks.add(metrics.append(share("c" + (thread * 200 + i) % 50, 1.0)));
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            }));
        }
        for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        String text = registry.scrape();
        assertEquals(11, contractLabels(text).size(), "10 contracts + other: " + contractLabels(text));
        assertEquals(1600.0, Exposition.value(text, "quarry_contract_shares_total"), "every share counted exactly once");
    }

    private static List<String> contractLabels(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^quarry_contract_shares_total\\{contract=\"([^\"]*)\"}").matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
