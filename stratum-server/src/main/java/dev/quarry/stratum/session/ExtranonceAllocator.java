package dev.quarry.stratum.session;

/**
 * Hands out extranonce1 values, unique among live sessions. Tests install their own to get the
 * extranonce1 a vector needs.
 */
public interface ExtranonceAllocator {

    /**
     * A fresh extranonce1, or the requested one when {@code resumeHint} names a recently released
     * value that is not live (session resume, stratum-v1.md §3.2). Never returns a live value.
     *
     * @param resumeHint the session id / extranonce1 hex the miner asked to resume, or null
     */
    byte[] allocate(String resumeHint);

    /** Gives a value back when its session ends; it may later be resumed. */
    void release(byte[] extranonce1);
}
