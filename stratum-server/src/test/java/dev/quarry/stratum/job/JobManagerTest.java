package dev.quarry.stratum.job;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobManagerTest {
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final JobManager manager = new JobManager(
            new JobBuilder(new CoinbaseBuilder(CoinbaseConfig.of(Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc")))),
            4, Duration.ofMinutes(2), clock::get);

    private static BlockTemplate template(int prev, long height, int txCount) {
        byte[] prevHash = new byte[32];
        prevHash[0] = (byte) prev;
        List<TemplateTransaction> txs = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            byte[] id = new byte[32];
            id[0] = (byte) (i + 1);
            txs.add(new TemplateTransaction(new byte[0], id, id, 10, 0, 400));
        }
        return new BlockTemplate("t", height, 0x20000000, prevHash, 0x207fffff, 1_700_000_000L, 0, 5_000_000_000L, txs, null, 80_000, 4_000_000, null);
    }

    @Test
    void newPreviousBlockGivesCleanJobAndMakesOlderJobsStale() {
        List<Job> seen = new ArrayList<>();
        manager.addJobListener(seen::add);
        assertNull(manager.currentJob());
        Job a = manager.onTemplate(template(1, 10, 2));
        assertTrue(a.cleanJobs());
        Job b = manager.onTemplate(template(1, 10, 3));
        assertFalse(b.cleanJobs(), "same previous block: no clean");
        assertFalse(manager.isStale(a));
        Job c = manager.onTemplate(template(2, 11, 1));
        assertTrue(c.cleanJobs());
        assertTrue(manager.isStale(a));
        assertTrue(manager.isStale(b));
        assertFalse(manager.isStale(c));
        assertSame(a, manager.findJob(a.jobId()), "stale jobs stay findable so they can be answered as stale");
        assertSame(c, manager.currentJob());
        assertEquals(List.of(a, b, c), seen);
    }

    @Test
    void retainedJobsIsExactlyHowManyOfTheNewestJobsStayFindable() {
        // Sessions size their memory of sent jobs by this (StratumSession): it must not promise less.
        assertEquals(4, manager.retainedJobs());
        List<Job> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) made.add(manager.onTemplate(template(1, 10, i + 1)));
        for (int back = 0; back < made.size(); back++) {
            Job j = made.get(made.size() - 1 - back);
            if (back < manager.retainedJobs()) assertSame(j, manager.findJob(j.jobId()), back + " jobs back");
            else assertNull(manager.findJob(j.jobId()), back + " jobs back");
        }
    }

    @Test
    void refreshIssuesANonCleanJobWithLaterNtime() {
        Job a = manager.onTemplate(template(1, 10, 2));
        clock.addAndGet(45_000);
        Job r = manager.refresh();
        assertFalse(r.cleanJobs());
        assertEquals(a.ntime() + 45, r.ntime());
        assertNotEquals(a.jobId(), r.jobId());
        assertFalse(manager.isStale(a));
        assertFalse(manager.isStale(r));
    }

    @Test
    void historyIsBoundedInCountAndAge() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) jobs.add(manager.onTemplate(template(1, 10, i)));
        assertEquals(4, manager.historySize());
        assertNull(manager.findJob(jobs.get(0).jobId()));
        assertNull(manager.findJob(jobs.get(1).jobId()));
        assertFalse(manager.isStale(jobs.get(0)), "out of the history but still on the current block: unknown, not stale");
        assertSame(jobs.get(5), manager.findJob(jobs.get(5).jobId()));

        clock.addAndGet(Duration.ofMinutes(3).toMillis());
        assertNull(manager.findJob(jobs.get(4).jobId()), "too old");
        assertSame(jobs.get(5), manager.findJob(jobs.get(5).jobId()), "the current job is never expired");
        Job next = manager.onTemplate(template(1, 10, 7));
        assertEquals(1, manager.historySize());
        manager.onTemplate(template(2, 11, 1));
        assertTrue(manager.isStale(jobs.get(0)), "evicted and on an old block");
        assertSame(next, manager.findJob(next.jobId()));
    }

    @Test
    void refreshBeforeFirstTemplateDoesNothing() {
        assertNull(manager.refresh());
        assertNull(manager.findJob("nope"));
        assertNull(manager.findJob(null));
    }

    @Test
    void periodicRefreshRunsOnlyWhenTheCurrentJobIsOlderThanTheInterval() throws Exception {
        LinkedBlockingQueue<Job> seen = new LinkedBlockingQueue<>();
        manager.addJobListener(seen::add);
        Job first = manager.onTemplate(template(1, 10, 2));
        assertSame(first, seen.poll(1, TimeUnit.SECONDS));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            manager.startRefresh(timer, Duration.ofMillis(40));
            assertNull(seen.poll(200, TimeUnit.MILLISECONDS), "the (frozen) clock has not moved: no refresh");
            clock.addAndGet(40_000);
            Job refreshed = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(refreshed);
            assertFalse(refreshed.cleanJobs());
            assertEquals(first.ntime() + 40, refreshed.ntime());
        } finally {
            manager.stopRefresh();
            timer.shutdownNow();
        }
    }

    @Test
    void followsSimChainTipsWithCleanJobs() throws Exception {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(4).withBlockInterval(Duration.ZERO));
        LinkedBlockingQueue<Job> seen = new LinkedBlockingQueue<>();
        manager.addJobListener(seen::add);
        sim.start(manager);
        try {
            Job first = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            assertTrue(first.cleanJobs());
            assertEquals(1, first.height());
            assertTrue(first.merkleBranch().length > 0, "SimChain templates always carry transactions");
            sim.mineElsewhere();
            Job second = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(second);
            assertTrue(second.cleanJobs());
            assertEquals(2, second.height());
            assertTrue(manager.isStale(first));
            assertFalse(manager.isStale(second));
        } finally {
            sim.close();
        }
    }
}
