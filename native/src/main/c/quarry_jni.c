/*
 * JNI entry points for dev.quarry.pow.nativeengine.NativeSha. Every call works on Java
 * primitive arrays through GetPrimitiveArrayCritical (no copies, no allocation) and does
 * only bounded work while holding them, so the GC pause it can cause stays short.
 * Bounds are checked here against the real array lengths before any C code reads them.
 */
#include <jni.h>
#include <stdint.h>
#include "qsha.h"

#define JNI_FN(name) JNICALL Java_dev_quarry_pow_nativeengine_NativeSha_##name

/* Batch table entry: five little-endian int32 (job offset, job length, share offset, share
 * length, output offset) at the start of the batch array. */
#define BATCH_ENTRY 20
/* Entries handled per C call; bounds the stack table (the loop below covers larger batches). */
#define BATCH_CHUNK 64

static inline uint32_t rd_le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline int in_bounds(jlong off, jlong len, jlong size) {
    return off >= 0 && len >= 0 && off <= size && len <= size - off;
}

JNIEXPORT jint JNI_FN(cpuHasShaNi)(JNIEnv *env, jclass cls) {
    (void)env; (void)cls;
    return qsha_cpu_has_shani();
}

JNIEXPORT jint JNI_FN(selectEngine)(JNIEnv *env, jclass cls, jint requested) {
    (void)env; (void)cls;
    return qsha_select_engine(requested);
}

JNIEXPORT jint JNI_FN(batchLanes)(JNIEnv *env, jclass cls) {
    (void)env; (void)cls;
    return qsha_batch_lanes();
}

JNIEXPORT jint JNI_FN(prepareJob)(JNIEnv *env, jclass cls, jbyteArray job) {
    (void)cls;
    jsize len = (*env)->GetArrayLength(env, job);
    uint8_t *j = (*env)->GetPrimitiveArrayCritical(env, job, NULL);
    if (j == NULL) return QSHA_ERR_JOB;
    int rc = qsha_job_prepare(j, (size_t)len);
    (*env)->ReleasePrimitiveArrayCritical(env, job, j, 0);
    return rc;
}

/* One share: job record job[0..jobLen), share record io[0..shareLen), result written to
 * io[outOff .. outOff+QSHA_OUT_SIZE). */
JNIEXPORT jint JNI_FN(validate)(JNIEnv *env, jclass cls, jbyteArray job, jint jobLen,
                                 jbyteArray io, jint shareLen, jint outOff) {
    (void)cls;
    jsize jl = (*env)->GetArrayLength(env, job), il = (*env)->GetArrayLength(env, io);
    if (!in_bounds(0, jobLen, jl)) return QSHA_ERR_JOB;
    if (!in_bounds(0, shareLen, il)) return QSHA_ERR_SHARE;
    if (!in_bounds(outOff, QSHA_OUT_SIZE, il) || outOff < shareLen) return QSHA_ERR_SPACE;
    uint8_t *j = (*env)->GetPrimitiveArrayCritical(env, job, NULL);
    if (j == NULL) return QSHA_ERR_JOB;
    uint8_t *s = (*env)->GetPrimitiveArrayCritical(env, io, NULL);
    if (s == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, job, j, JNI_ABORT);
        return QSHA_ERR_SHARE;
    }
    int rc = qsha_validate(j, (size_t)jobLen, s, (size_t)shareLen, s + outOff);
    (*env)->ReleasePrimitiveArrayCritical(env, io, s, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, job, j, JNI_ABORT);
    return rc;
}

/* A batch in one array: count table entries, then job records, share records and output
 * slots anywhere after the table (Java lays them out). Returns QSHA_OK, or the error of the
 * first bad entry as -(1000 * (index + 1)) + code so Java can name the entry. */
JNIEXPORT jint JNI_FN(validateBatch)(JNIEnv *env, jclass cls, jbyteArray batch, jint count) {
    (void)cls;
    jsize bl = (*env)->GetArrayLength(env, batch);
    if (count < 0 || (jlong)count * BATCH_ENTRY > bl) return QSHA_ERR_SPACE;
    uint8_t *b = (*env)->GetPrimitiveArrayCritical(env, batch, NULL);
    if (b == NULL) return QSHA_ERR_SPACE;
    qsha_batch_entry es[BATCH_CHUNK];
    int rc = QSHA_OK;
    for (jint base = 0; base < count && rc == QSHA_OK; base += BATCH_CHUNK) {
        jint n = count - base < BATCH_CHUNK ? count - base : BATCH_CHUNK;
        jint ok = n;
        for (jint i = 0; i < n; i++) {
            const uint8_t *t = b + (size_t)(base + i) * BATCH_ENTRY;
            jlong jo = (int32_t)rd_le32(t), jn = (int32_t)rd_le32(t + 4);
            jlong so = (int32_t)rd_le32(t + 8), sn = (int32_t)rd_le32(t + 12);
            jlong oo = (int32_t)rd_le32(t + 16);
            int bad = !in_bounds(jo, jn, bl) ? QSHA_ERR_JOB
                    : !in_bounds(so, sn, bl) ? QSHA_ERR_SHARE
                    : !in_bounds(oo, QSHA_OUT_SIZE, bl) ? QSHA_ERR_SPACE : QSHA_OK;
            if (bad != QSHA_OK) {
                rc = -1000 * (base + i + 1) + bad;
                ok = i;
                break;
            }
            es[i].job = b + jo; es[i].job_len = (size_t)jn;
            es[i].share = b + so; es[i].share_len = (size_t)sn;
            es[i].out = b + oo;
        }
        size_t badc = 0;
        int crc = qsha_validate_batch(es, (size_t)ok, &badc);
        if (crc != QSHA_OK && rc == QSHA_OK) rc = -1000 * (base + (jint)badc + 1) + crc;
    }
    (*env)->ReleasePrimitiveArrayCritical(env, batch, b, 0);
    return rc;
}

/* sha256d of an 80-byte header at header[off..off+80) into out[outOff..outOff+32). For 80
 * bytes, copying in and out (Get/SetByteArrayRegion, which also bounds-check) costs less than
 * pinning two arrays. */
JNIEXPORT jint JNI_FN(sha256d80)(JNIEnv *env, jclass cls, jbyteArray header, jint off,
                                  jbyteArray out, jint outOff) {
    (void)cls;
    uint8_t h[80], o[32];
    (*env)->GetByteArrayRegion(env, header, off, 80, (jbyte *)h);
    if ((*env)->ExceptionCheck(env)) return QSHA_ERR_SPACE;
    qsha_sha256d80(h, o);
    (*env)->SetByteArrayRegion(env, out, outOff, 32, (const jbyte *)o);
    return (*env)->ExceptionCheck(env) ? QSHA_ERR_SPACE : QSHA_OK;
}

/* The same on a direct ByteBuffer: header at off, digest to outOff, no copies or pinning. */
JNIEXPORT jint JNI_FN(sha256d80Direct)(JNIEnv *env, jclass cls, jobject buf, jint off, jint outOff) {
    (void)cls;
    uint8_t *b = (*env)->GetDirectBufferAddress(env, buf);
    jlong cap = (*env)->GetDirectBufferCapacity(env, buf);
    if (b == NULL || !in_bounds(off, 80, cap) || !in_bounds(outOff, 32, cap)) return QSHA_ERR_SPACE;
    qsha_sha256d80(b + off, b + outOff);
    return QSHA_OK;
}
