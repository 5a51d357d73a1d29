package dev.quarry.pow.nativeengine;

import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;

/**
 * Independent shares collected for one {@link NativeShareValidator#validateBatch} call (e.g.
 * the submits waiting on a connection group). Reusable: {@link #clear()} and refill; holds
 * references only, so the arrays passed in must not change until the batch is validated.
 */
public final class NativeShareBatch {

    ShareJob[] jobs;
    byte[][] extranonce1;
    byte[][] extranonce2;
    int[] ntime;
    int[] nonce;
    int[] version;
    ShareOutcome[] outcomes;
    int size;

    public NativeShareBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        jobs = new ShareJob[capacity];
        extranonce1 = new byte[capacity][];
        extranonce2 = new byte[capacity][];
        ntime = new int[capacity];
        nonce = new int[capacity];
        version = new int[capacity];
        outcomes = new ShareOutcome[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return jobs.length;
    }

    public boolean isFull() {
        return size == jobs.length;
    }

    /** Adds one share; its result goes to {@code out} when the batch is validated. */
    public void add(ShareJob job, byte[] en1, byte[] en2, int ntime, int nonce, int rolledVersion, ShareOutcome out) {
        if (isFull()) {
            throw new IllegalStateException("batch is full (" + jobs.length + " shares)");
        }
        int i = size++;
        jobs[i] = job;
        extranonce1[i] = en1;
        extranonce2[i] = en2;
        this.ntime[i] = ntime;
        this.nonce[i] = nonce;
        version[i] = rolledVersion;
        outcomes[i] = out;
    }

    /** Empties the batch and drops its references. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            jobs[i] = null;
            extranonce1[i] = null;
            extranonce2[i] = null;
            outcomes[i] = null;
        }
        size = 0;
    }
}
