package dev.quarry.pow.nativeengine;

/**
 * The JNI surface of libquarrysha (native/src/main/c/quarry_jni.c) and the record layouts it
 * reads. Callers go through {@link NativeEngine} (which loads the library) and
 * {@link NativeShareValidator}; nothing here may be called before the library is loaded.
 *
 * <p>Records are little-endian int32 fields followed by bytes; the offsets mirror qsha.h.
 */
final class NativeSha {

    static final int ENGINE_AUTO = 0;
    static final int ENGINE_PORTABLE = 1;
    static final int ENGINE_SHANI = 2;

    static final int OK = 0;
    static final int ERR_JOB = -1;
    static final int ERR_SHARE = -2;
    static final int ERR_SPACE = -3;

    static final int JOB_C1LEN = 0;
    static final int JOB_C2LEN = 4;
    static final int JOB_NBRANCH = 8;
    static final int JOB_PREVHASH = 16;
    static final int JOB_BITS = 48;
    static final int JOB_DATA = 88;
    static final int MAX_BRANCH = 64;
    static final int MAX_COINB_PART = 1 << 20;

    static final int SHARE_EN1LEN = 0;
    static final int SHARE_EN2LEN = 4;
    static final int SHARE_NTIME = 8;
    static final int SHARE_NONCE = 12;
    static final int SHARE_VERSION = 16;
    static final int SHARE_DATA = 20;
    static final int SHARE_MAX_EN = 64;
    static final int SHARE_MAX_SIZE = SHARE_DATA + 2 * SHARE_MAX_EN;

    static final int OUT_HEADER = 0;
    static final int OUT_HASH = 80;
    static final int OUT_TXID = 112;
    static final int OUT_ROOT = 144;
    static final int OUT_SIZE = 176;

    static final int BATCH_ENTRY = 20;

    private NativeSha() {
    }

    /** 1 when the CPU has SHA-NI (plus SSSE3/SSE4.1), from cpuid. */
    static native int cpuHasShaNi();

    /** Selects the compression back-end; returns the one in use, or -1 if SHA-NI is missing. */
    static native int selectEngine(int requested);

    /** Shares a batch validates at once: 16 (AVX-512 lanes), 2 (interleaved SHA-NI) or 1 (portable C). */
    static native int batchLanes();

    /** Checks a job record and fills its coinb1 midstate. */
    static native int prepareJob(byte[] job);

    /** Validates one share: share record io[0..shareLen), result into io[outOff..outOff+176). */
    static native int validate(byte[] job, int jobLen, byte[] io, int shareLen, int outOff);

    /**
     * Validates count shares described by the table at the start of batch (five int32 per
     * entry: job offset, job length, share offset, share length, output offset). Returns OK, or
     * -(1000 * (index + 1)) + error code for the first bad entry.
     */
    static native int validateBatch(byte[] batch, int count);

    /** sha256d of header[off..off+80) into out[outOff..outOff+32). */
    static native int sha256d80(byte[] header, int off, byte[] out, int outOff);

    /** sha256d of buf[off..off+80) into buf[outOff..outOff+32); buf must be a direct buffer. */
    static native int sha256d80Direct(java.nio.ByteBuffer buf, int off, int outOff);
}
