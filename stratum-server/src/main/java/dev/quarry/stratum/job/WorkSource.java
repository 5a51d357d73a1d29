package dev.quarry.stratum.job;

import java.util.function.Consumer;

/**
 * What the Stratum sessions see of job management: the current job, lookup of recent jobs for
 * validating shares, and a feed of new jobs to broadcast.
 */
public interface WorkSource {

    /** The newest job, or null before the first template arrived. */
    Job currentJob();

    /**
     * A recent job by id, or null when it is unknown or expired. A job that is known but was
     * superseded by a new previous block is returned; check {@link #isStale(Job)}.
     */
    Job findJob(String jobId);

    /**
     * How many of the newest jobs {@link #findJob} can still return at most. A session need not
     * remember more of the jobs it was sent than this: shares on older ones are refused anyway.
     */
    default int retainedJobs() {
        return Integer.MAX_VALUE;
    }

    /** True when a newer previous block has been seen since this job was built (shares are stale). */
    boolean isStale(Job job);

    /** Registers a listener called (on the job-manager thread) for every new job. */
    void addJobListener(Consumer<Job> listener);
}
