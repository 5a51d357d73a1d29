package dev.quarry.stratum.job;

import dev.quarry.stratum.template.BlockTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the template feed into jobs: a template with a new previous block gives a clean job (older jobs
 * become stale), a template for the same block gives a job without clean, and {@link #refresh()}
 * (periodic when started) re-issues the current template with a later ntime. Recent jobs are kept for
 * share validation: at most {@code maxJobs}, and none older than {@code maxAge}.
 *
 * <p>Thread-safety: all mutation is synchronized; listeners run on the thread that built the job
 * (the template source's thread or the refresh timer), one job at a time.
 */
public final class JobManager implements WorkSource, Consumer<BlockTemplate> {
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    public static final int DEFAULT_MAX_JOBS = 16;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    private record Entry(Job job, long epoch) {
    }

    private final JobBuilder builder;
    private final int maxJobs;
    private final long maxAgeMillis;
    private final LongSupplier clockMillis;
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();

    private final Deque<Entry> history = new ArrayDeque<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private volatile Job current;
    private BlockTemplate currentTemplate;
    private long templateMillis;
    private byte[] currentPrevHash;
    /** Increments on every new previous block; a job from an older epoch is stale. */
    private long epoch;
    private ScheduledFuture<?> refreshTask;

    public JobManager(JobBuilder builder, int maxJobs, Duration maxAge, LongSupplier clockMillis) {
        if (maxJobs < 1) throw new IllegalArgumentException("maxJobs must be at least 1");
        this.builder = builder;
        this.maxJobs = maxJobs;
        this.maxAgeMillis = maxAge.toMillis();
        this.clockMillis = clockMillis;
    }

    public JobManager(JobBuilder builder) {
        this(builder, DEFAULT_MAX_JOBS, DEFAULT_MAX_AGE, System::currentTimeMillis);
    }

    @Override
    public int retainedJobs() {
        return maxJobs;
    }

    /** Template listener (pass this to {@code TemplateSource.start}). */
    @Override
    public void accept(BlockTemplate template) {
        onTemplate(template);
    }

    public Job onTemplate(BlockTemplate template) {
        Job job;
        synchronized (this) {
            boolean newBlock = currentPrevHash == null || !Arrays.equals(currentPrevHash, template.previousBlockHash());
            if (newBlock) {
                epoch++;
                currentPrevHash = template.previousBlockHash().clone();
            }
            currentTemplate = template;
            long now = clockMillis.getAsLong();
            templateMillis = now;
            job = publish(builder.build(template, newBlock, 0, now));
        }
        notifyListeners(job);
        return job;
    }

    /** Re-issues the current template (new ntime, same block, no clean). Returns null before the first template. */
    public Job refresh() {
        Job job;
        synchronized (this) {
            if (currentTemplate == null) return null;
            long now = clockMillis.getAsLong();
            job = publish(builder.build(currentTemplate, false, (now - templateMillis) / 1000, now));
        }
        notifyListeners(job);
        return job;
    }

    /** Refreshes every {@code interval} unless a job was built more recently than that. */
    public synchronized void startRefresh(ScheduledExecutorService scheduler, Duration interval) {
        if (refreshTask != null) refreshTask.cancel(false);
        long ms = interval.toMillis();
        refreshTask = scheduler.scheduleWithFixedDelay(() -> {
            try {
                Job last = current;
                if (last != null && clockMillis.getAsLong() - last.createdMillis() >= ms) refresh();
            } catch (RuntimeException e) {
                log.error("job refresh failed", e);
            }
        }, ms, Math.max(1, ms / 4), TimeUnit.MILLISECONDS);
    }

    public synchronized void stopRefresh() {
        if (refreshTask != null) refreshTask.cancel(false);
        refreshTask = null;
    }

    private Job publish(Job job) {
        Entry e = new Entry(job, epoch);
        history.addLast(e);
        byId.put(job.jobId(), e);
        expire(job.createdMillis());
        current = job;
        return job;
    }

    private void expire(long now) {
        while (history.size() > maxJobs || (history.size() > 1 && now - history.peekFirst().job().createdMillis() > maxAgeMillis)) {
            Entry old = history.removeFirst();
            byId.remove(old.job().jobId());
        }
    }

    private void notifyListeners(Job job) {
        for (Consumer<Job> l : listeners) {
            try {
                l.accept(job);
            } catch (RuntimeException e) {
                log.error("job listener failed", e);
            }
        }
    }

    @Override
    public Job currentJob() {
        return current;
    }

    @Override
    public synchronized Job findJob(String jobId) {
        if (jobId == null) return null;
        Entry e = byId.get(jobId);
        if (e == null) return null;
        if (clockMillis.getAsLong() - e.job().createdMillis() > maxAgeMillis && e.job() != current) return null;
        return e.job();
    }

    @Override
    public synchronized boolean isStale(Job job) {
        Entry e = byId.get(job.jobId());
        if (e != null && e.job() == job) return e.epoch() != epoch;
        // fell out of the history (findJob no longer knows it): judge by its previous block alone
        return currentPrevHash == null || !Arrays.equals(job.prevHash(), currentPrevHash);
    }

    @Override
    public void addJobListener(Consumer<Job> listener) {
        listeners.add(listener);
    }

    public synchronized int historySize() {
        return history.size();
    }

    public JobBuilder builder() {
        return builder;
    }
}
