package dev.quarry.stratum.testkit;

import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.WorkSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A WorkSource for tests: jobs are published by hand; any job can be marked stale or forgotten. */
public final class TestWorkSource implements WorkSource {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();
    private volatile Job current;

    public TestWorkSource(Job... initial) {
        for (Job j : initial) {
            jobs.put(j.jobId(), j);
            current = j;
        }
    }

    /** Makes the job current and broadcasts it to the listeners (like the job manager would). */
    public void publish(Job job) {
        jobs.put(job.jobId(), job);
        current = job;
        for (Consumer<Job> l : listeners) l.accept(job);
    }

    public void markStale(String jobId) {
        stale.add(jobId);
    }

    public void forget(String jobId) {
        jobs.remove(jobId);
    }

    @Override
    public Job currentJob() {
        return current;
    }

    @Override
    public Job findJob(String jobId) {
        return jobs.get(jobId);
    }

    @Override
    public boolean isStale(Job job) {
        return stale.contains(job.jobId());
    }

    @Override
    public void addJobListener(Consumer<Job> listener) {
        listeners.add(listener);
    }

    /** A copy of a job under another id (same work), e.g. to have a second job to switch to. */
    public static Job renamed(Job j, String newId, boolean clean) {
        return new Job(newId, j.template(), j.prevHash(), j.coinb1(), j.coinb2(), j.merkleBranch(), j.version(), j.bits(), j.ntime(), clean, j.createdMillis());
    }
}
