package dev.quarry.stratum.share;

import dev.quarry.stratum.vardiff.ShareDifficulty;

/** What the share checks need to know about the submitting connection. */
public interface ShareContext {

    byte[] extranonce1();

    int extranonce2Size();

    /** The version-rolling mask negotiated with mining.configure (0 when none). */
    int versionMask();

    /** The difficulty that was in force when this job was sent to this connection, or null if it never was. */
    ShareDifficulty difficultyForJob(String jobId);
}
