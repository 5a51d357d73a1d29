package dev.quarry.pow.nativeengine;

import dev.quarry.pow.share.InvalidShareInputException;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import java.nio.ByteBuffer;

/**
 * The native counterpart of {@link ShareValidator}: same inputs, same {@link ShareOutcome}, one
 * JNI call per share, plus {@link #validateBatch} for several independent shares per call
 * (sixteen at a time in AVX-512 lanes where the CPU has AVX-512F, else two interleaved SHA-NI
 * lanes).
 *
 * <p>One instance per thread: it owns its scratch arrays and a small cache of packed jobs.
 * No allocation per share once a job is packed and the batch buffer has grown. Inputs beyond
 * the native limits (extranonce over 64 bytes, coinbase part over 1 MiB, branch deeper than 64)
 * are validated by a Java {@link ShareValidator} instead, so results never differ.
 */
public final class NativeShareValidator {

    /** Result slot in {@link #io}, after the largest share record. */
    private static final int IO_OUT = align16(NativeSha.SHARE_MAX_SIZE);

    private final byte[] io = new byte[IO_OUT + NativeSha.OUT_SIZE];
    private final JobRecordCache jobs = new JobRecordCache(8);
    private ShareValidator javaFallback;
    private byte[] batchBuf = new byte[4096];
    private NativeJobRecord[] batchRecords = new NativeJobRecord[16];
    private int[] batchOutOff = new int[16];
    private int[] batchJobOff = new int[16];
    private NativeJobRecord[] distinctRecords = new NativeJobRecord[16];
    private int[] distinctOffset = new int[16];

    /** Throws {@link NativeUnavailableException} unless the native engine is in use. */
    public NativeShareValidator() {
        NativeEngine.requireNative();
    }

    /** For tests on whatever back-end the library currently runs (portable C included); the library must be loaded. */
    NativeShareValidator(boolean anyBackEnd) {
        if (!anyBackEnd) {
            NativeEngine.requireNative();
        }
    }

    /** Same contract as {@link ShareValidator#validate}. */
    public void validate(ShareJob job, byte[] extranonce1, byte[] extranonce2, int ntime, int nonce,
            int rolledVersion, ShareOutcome out) {
        checkArgs(job, extranonce1, extranonce2, out);
        NativeJobRecord rec = fitsShare(extranonce1, extranonce2) ? jobs.get(job) : null;
        if (rec == null) {
            java().validate(job, extranonce1, extranonce2, ntime, nonce, rolledVersion, out);
            return;
        }
        int shareLen = writeShare(io, 0, extranonce1, extranonce2, ntime, nonce, rolledVersion);
        byte[] r = rec.bytes();
        int rc = NativeSha.validate(r, r.length, io, shareLen, IO_OUT);
        if (rc != NativeSha.OK) {
            throw new IllegalStateException("native share validation failed on well-formed input (code " + rc + ")");
        }
        OutcomeWriter.fill(out, io, IO_OUT);
    }

    /**
     * Validates every share in the batch into its outcome. A malformed entry (null job,
     * extranonce or outcome) is reported before anything is validated.
     */
    public void validateBatch(NativeShareBatch batch) {
        int n = batch.size;
        for (int i = 0; i < n; i++) {
            checkArgs(batch.jobs[i], batch.extranonce1[i], batch.extranonce2[i], batch.outcomes[i]);
        }
        ensureBatchCapacity(n);
        // pass 1: records, distinct jobs (each copied once) and sizes; entries the native engine
        // cannot take go to the Java path right away
        int nDistinct = 0;
        int jobsBytes = 0;
        int sharesBytes = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            NativeJobRecord rec = fitsShare(batch.extranonce1[i], batch.extranonce2[i]) ? jobs.get(batch.jobs[i]) : null;
            batchRecords[i] = rec;
            if (rec == null) {
                java().validate(batch.jobs[i], batch.extranonce1[i], batch.extranonce2[i], batch.ntime[i],
                        batch.nonce[i], batch.version[i], batch.outcomes[i]);
                continue;
            }
            int d = 0;
            while (d < nDistinct && distinctRecords[d] != rec) {
                d++;
            }
            if (d == nDistinct) {
                distinctRecords[d] = rec;
                distinctOffset[d] = jobsBytes;
                jobsBytes += rec.bytes().length;
                nDistinct++;
            }
            batchJobOff[i] = distinctOffset[d];
            sharesBytes += NativeSha.SHARE_DATA + batch.extranonce1[i].length + batch.extranonce2[i].length;
            count++;
        }
        if (count == 0) {
            return;
        }
        long total = (long) count * (NativeSha.BATCH_ENTRY + NativeSha.OUT_SIZE) + jobsBytes + sharesBytes;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("batch too large for one native call: " + total + " bytes");
        }
        if (batchBuf.length < total) {
            batchBuf = new byte[(int) Math.max(total, Math.min(Integer.MAX_VALUE - 16, batchBuf.length * 2L))];
        }
        // pass 2: lay out table | job records | share records | result slots
        byte[] b = batchBuf;
        int jobBase = count * NativeSha.BATCH_ENTRY;
        for (int d = 0; d < nDistinct; d++) {
            byte[] r = distinctRecords[d].bytes();
            System.arraycopy(r, 0, b, jobBase + distinctOffset[d], r.length);
            distinctRecords[d] = null;
        }
        int sharePos = jobBase + jobsBytes;
        int outPos = sharePos + sharesBytes;
        int entry = 0;
        for (int i = 0; i < n; i++) {
            NativeJobRecord rec = batchRecords[i];
            if (rec == null) {
                continue;
            }
            int shareLen = writeShare(b, sharePos, batch.extranonce1[i], batch.extranonce2[i], batch.ntime[i],
                    batch.nonce[i], batch.version[i]);
            int t = entry * NativeSha.BATCH_ENTRY;
            LittleEndianInts.put(b, t, jobBase + batchJobOff[i]);
            LittleEndianInts.put(b, t + 4, rec.bytes().length);
            LittleEndianInts.put(b, t + 8, sharePos);
            LittleEndianInts.put(b, t + 12, shareLen);
            LittleEndianInts.put(b, t + 16, outPos);
            batchOutOff[i] = outPos;
            sharePos += shareLen;
            outPos += NativeSha.OUT_SIZE;
            entry++;
        }
        int rc = NativeSha.validateBatch(b, count);
        if (rc != NativeSha.OK) {
            throw new IllegalStateException("native batch validation failed on well-formed input (code " + rc + ")");
        }
        for (int i = 0; i < n; i++) {
            if (batchRecords[i] != null) {
                OutcomeWriter.fill(batch.outcomes[i], b, batchOutOff[i]);
                batchRecords[i] = null;
            }
        }
    }

    /** sha256d of header[off..off+80) into out[outOff..outOff+32) (header checks, benchmarks). */
    public void sha256dHeader(byte[] header, int off, byte[] out, int outOff) {
        if (header == null || out == null || off < 0 || off > header.length - 80 || outOff < 0 || outOff > out.length - 32) {
            throw new IllegalArgumentException("header needs 80 bytes at offset " + off + " and out 32 bytes at offset "
                    + outOff);
        }
        NativeSha.sha256d80(header, off, out, outOff);
    }

    /**
     * sha256d of buf[off..off+80) into buf[outOff..outOff+32) on a direct buffer (absolute
     * offsets; position and limit are ignored): the cheapest call, nothing is copied or pinned.
     */
    public void sha256dHeader(ByteBuffer directBuf, int off, int outOff) {
        if (directBuf == null || !directBuf.isDirect()) {
            throw new IllegalArgumentException("a direct ByteBuffer is required");
        }
        int cap = directBuf.capacity();
        if (off < 0 || off > cap - 80 || outOff < 0 || outOff > cap - 32) {
            throw new IllegalArgumentException("buffer of " + cap + " bytes cannot hold a header at " + off
                    + " and a hash at " + outOff);
        }
        NativeSha.sha256d80Direct(directBuf, off, outOff);
    }

    private void ensureBatchCapacity(int n) {
        if (batchRecords.length < n) {
            batchRecords = new NativeJobRecord[Math.max(n, batchRecords.length * 2)];
            batchOutOff = new int[batchRecords.length];
            batchJobOff = new int[batchRecords.length];
            distinctRecords = new NativeJobRecord[batchRecords.length];
            distinctOffset = new int[batchRecords.length];
        }
    }

    private ShareValidator java() {
        if (javaFallback == null) {
            javaFallback = new ShareValidator();
        }
        return javaFallback;
    }

    private static boolean fitsShare(byte[] en1, byte[] en2) {
        return en1.length <= NativeSha.SHARE_MAX_EN && en2.length <= NativeSha.SHARE_MAX_EN;
    }

    private static void checkArgs(ShareJob job, byte[] en1, byte[] en2, ShareOutcome out) {
        if (job == null || out == null) {
            throw new IllegalArgumentException("job and outcome must not be null");
        }
        if (en1 == null || en2 == null) {
            throw new InvalidShareInputException("extranonce-missing", "extranonce1 and extranonce2 are required");
        }
    }

    /** Writes a share record at off; returns its length. */
    private static int writeShare(byte[] b, int off, byte[] en1, byte[] en2, int ntime, int nonce, int version) {
        LittleEndianInts.put(b, off + NativeSha.SHARE_EN1LEN, en1.length);
        LittleEndianInts.put(b, off + NativeSha.SHARE_EN2LEN, en2.length);
        LittleEndianInts.put(b, off + NativeSha.SHARE_NTIME, ntime);
        LittleEndianInts.put(b, off + NativeSha.SHARE_NONCE, nonce);
        LittleEndianInts.put(b, off + NativeSha.SHARE_VERSION, version);
        System.arraycopy(en1, 0, b, off + NativeSha.SHARE_DATA, en1.length);
        System.arraycopy(en2, 0, b, off + NativeSha.SHARE_DATA + en1.length, en2.length);
        return NativeSha.SHARE_DATA + en1.length + en2.length;
    }

    private static int align16(int n) {
        return (n + 15) & ~15;
    }
}
