package dev.quarry.stratum.session;

import dev.quarry.stratum.vardiff.ShareDifficulty;

/**
 * The jobs one connection was sent, newest last, each with the difficulty in force when it was
 * sent (a share is judged at that difficulty): the last {@code max} of them, older ones forgotten.
 * Used only on the connection's event loop.
 *
 * <p>Two parallel arrays used as a ring, grown from 4 entries as jobs arrive: 8 bytes per job
 * (the id strings are the jobs' own). The {@code LinkedHashMap} this replaces cost ~40 bytes per
 * job plus its table, ~3 KiB per connection once 64 jobs had been sent, most of an idle
 * connection's heap. Lookups scan from the newest entry: a share is nearly always for the
 * current or the previous job.
 */
final class SentJobs {

    private static final int FIRST_CAPACITY = 4;

    private final int max;
    private String[] ids;
    private ShareDifficulty[] difficulties;
    private int start;
    private int size;

    SentJobs(int max) {
        if (max < 1) throw new IllegalArgumentException("max must be positive");
        this.max = max;
    }

    /** Records that {@code jobId} was sent at {@code difficulty}; forgets the oldest job beyond {@code max}. */
    void add(String jobId, ShareDifficulty difficulty) {
        if (ids == null) {
            int cap = Math.min(FIRST_CAPACITY, max);
            ids = new String[cap];
            difficulties = new ShareDifficulty[cap];
        } else if (size == ids.length) {
            if (ids.length < max) {
                grow(Math.min(max, ids.length * 2));
            } else {
                // full at max: the oldest entry makes room
                ids[start] = null;
                difficulties[start] = null;
                start = (start + 1) % ids.length;
                size--;
            }
        }
        int i = (start + size) % ids.length;
        ids[i] = jobId;
        difficulties[i] = difficulty;
        size++;
    }

    /** The difficulty {@code jobId} was sent at (the latest, if sent twice), or null if it was not sent or is forgotten. */
    ShareDifficulty difficultyOf(String jobId) {
        for (int k = size - 1; k >= 0; k--) {
            int i = (start + k) % ids.length;
            if (ids[i].equals(jobId)) return difficulties[i];
        }
        return null;
    }

    /** Forgets every job (a new extranonce1 makes them unusable); the memory is released too. */
    void clear() {
        ids = null;
        difficulties = null;
        start = 0;
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow(int cap) {
        String[] newIds = new String[cap];
        ShareDifficulty[] newDiffs = new ShareDifficulty[cap];
        for (int k = 0; k < size; k++) {
            int i = (start + k) % ids.length;
            newIds[k] = ids[i];
            newDiffs[k] = difficulties[i];
        }
        ids = newIds;
        difficulties = newDiffs;
        start = 0;
    }
}
