package dev.quarry.stratum.share;

import dev.quarry.stratum.job.WorkSource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the header hashes of accepted shares per job, so a resubmission is refused however
 * its hex was spelled (case, padding, version bits given or implied): the key is what was hashed.
 * Entries of jobs the work source no longer knows (or that went stale) are dropped by
 * {@link #prune(WorkSource)}. The hashes of one job live in a {@link HeaderHashSet}: flat primitive
 * arrays, because this is the one structure that grows with every accepted share.
 */
public final class DuplicateShareFilter {

    private final Map<String, HeaderHashSet> byJob = new ConcurrentHashMap<>();

    /** Records the hash; returns false when it was already there (a duplicate). */
    public boolean firstTime(String jobId, byte[] headerHash) {
        return byJob.computeIfAbsent(jobId, k -> new HeaderHashSet()).add(headerHash);
    }

    /** Forgets a hash again (used when the journal could not store the share, so a retry is not a duplicate). */
    public void forget(String jobId, byte[] headerHash) {
        HeaderHashSet set = byJob.get(jobId);
        if (set != null) set.remove(headerHash);
    }

    public void prune(WorkSource work) {
        byJob.keySet().removeIf(jobId -> {
            var job = work.findJob(jobId);
            return job == null || work.isStale(job);
        });
    }

    int trackedJobs() {
        return byJob.size();
    }
}
