package dev.quarry.stratum.share;

import dev.quarry.stratum.job.Job;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small bounded cache of {@link PreparedJob}s by job id, shared by all event loops. */
public final class PreparedJobCache {

    private final int capacity;
    private final Map<String, PreparedJob> map;

    public PreparedJobCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedJob> eldest) {
                return size() > PreparedJobCache.this.capacity;
            }
        };
    }

    public PreparedJob get(Job job) {
        synchronized (map) {
            PreparedJob p = map.get(job.jobId());
            if (p != null && p.job() == job) return p;
        }
        PreparedJob fresh = PreparedJob.of(job);
        synchronized (map) {
            map.put(job.jobId(), fresh);
        }
        return fresh;
    }
}
