/*
 * The C engine alone, without JNI, so the JNI overhead in the JMH figures is visible.
 * Prints ns per operation (median of RUNS runs) for: one compression (portable, SHA-NI,
 * SHA-NI two-lane per block), sha256d of an 80-byte header, header sha256d from a midstate
 * (1 and 2 lanes), and share validation with a 12-level merkle branch (single and batch).
 * Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so time spent descheduled while other
 * builds share the cores is not counted.
 * Usage: bench [quick]   (quick = fewer iterations, for smoke runs)
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "qsha.h"

#define RUNS 7
static long iters_scale = 1;
static volatile uint8_t sink;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef void (*op_fn)(long iters);

/* Runs op RUNS times; prints median and min/max in ns per item. */
static void bench(const char *name, op_fn op, long iters, long items_per_iter) {
    double r[RUNS];
    iters *= iters_scale;
    op(iters / 10 + 1);  /* warm-up */
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ns();
        op(iters);
        r[i] = (now_ns() - t0) / ((double)iters * (double)items_per_iter);
    }
    qsort(r, RUNS, sizeof r[0], cmp_d);
    printf("%-44s %9.1f ns  (min %.1f, max %.1f)\n", name, r[RUNS / 2], r[0], r[RUNS - 1]);
}

static uint8_t blk_a[64], blk_b[64], header[80];
static uint32_t st_a[8], st_b[8], mid[8];

static void op_portable(long n) { for (long i = 0; i < n; i++) qsha_compress_portable(st_a, blk_a); sink = (uint8_t)st_a[0]; }
static void op_c1(long n) { for (long i = 0; i < n; i++) qsha_compress1(st_a, blk_a); sink = (uint8_t)st_a[0]; }
static void op_c2(long n) { for (long i = 0; i < n; i++) qsha_compress2(st_a, blk_a, st_b, blk_b); sink = (uint8_t)(st_a[0] ^ st_b[0]); }
static void op_hdr(long n) {
    uint8_t out[32];
    for (long i = 0; i < n; i++) { header[76] = (uint8_t)i; qsha_sha256d80(header, out); header[0] ^= out[0]; }
    sink = header[0];
}
static void op_hdr_mid(long n) {
    uint8_t out[32];
    for (long i = 0; i < n; i++) { header[76] = (uint8_t)i; qsha_sha256d80_mid(mid, header + 64, out); header[77] ^= out[0]; }
    sink = header[77];
}
static void op_hdr_mid2(long n) {
    uint8_t oa[32], ob[32], tb[16];
    memcpy(tb, header + 64, 16);
    for (long i = 0; i < n; i++) {
        header[76] = (uint8_t)i; tb[12] = (uint8_t)(i + 1);
        qsha_sha256d80_mid_x2(mid, header + 64, tb, oa, ob);
        header[77] ^= oa[0] ^ ob[0];
    }
    sink = header[77];
}

#define BATCH 64
static uint8_t *job;
static size_t job_len;
static uint8_t shares[BATCH][QSHA_SHARE_DATA + 12];
static uint8_t outs[BATCH][QSHA_OUT_SIZE];
static qsha_batch_entry entries[BATCH];

static void op_share(long n) {
    for (long i = 0; i < n; i++) {
        shares[0][QSHA_SHARE_NONCE] = (uint8_t)i;
        qsha_validate(job, job_len, shares[0], sizeof shares[0], outs[0]);
    }
    sink = outs[0][QSHA_OUT_HASH];
}
static void op_batch(long n) {
    for (long i = 0; i < n; i++) {
        shares[0][QSHA_SHARE_NONCE] = (uint8_t)i;
        qsha_validate_batch(entries, BATCH, NULL);
    }
    sink = outs[BATCH - 1][QSHA_OUT_HASH];
}

static void setup_job(void) {
    /* typical sizes: coinb1 ~ 60 bytes, en1 4 + en2 8, coinb2 ~ 120 bytes, 12 branch levels */
    uint32_t c1 = 60, c2 = 120, nb = 12;
    job_len = qsha_job_size(c1, c2, nb);
    job = calloc(1, job_len);
    for (size_t i = QSHA_JOB_DATA; i < job_len; i++) job[i] = (uint8_t)(i * 131 + 7);
    job[QSHA_JOB_C1LEN] = (uint8_t)c1;
    job[QSHA_JOB_C2LEN] = (uint8_t)c2;
    job[QSHA_JOB_NBRANCH] = (uint8_t)nb;
    if (qsha_job_prepare(job, job_len) != QSHA_OK) { fprintf(stderr, "job prepare failed\n"); exit(1); }
    for (int s = 0; s < BATCH; s++) {
        memset(shares[s], 0, sizeof shares[s]);
        shares[s][QSHA_SHARE_EN1LEN] = 4;
        shares[s][QSHA_SHARE_EN2LEN] = 8;
        shares[s][QSHA_SHARE_NONCE] = (uint8_t)s;
        shares[s][QSHA_SHARE_DATA + 4] = (uint8_t)s;
        entries[s] = (qsha_batch_entry){ job, job_len, shares[s], sizeof shares[s], outs[s] };
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "quick") == 0) iters_scale = 0;
    long base = iters_scale ? 1 : 0;
    iters_scale = 1;
    long scale = base ? 1 : 10;  /* quick mode divides iteration counts by 10 */
    for (int i = 0; i < 64; i++) { blk_a[i] = (uint8_t)(i * 7); blk_b[i] = (uint8_t)(i * 11); }
    for (int i = 0; i < 80; i++) header[i] = (uint8_t)(i * 13);
    memcpy(st_a, QSHA_IV, 32); memcpy(st_b, QSHA_IV, 32); memcpy(mid, QSHA_IV, 32);
    qsha_compress_portable(mid, header);
    setup_job();

    printf("cpu has SHA-NI: %s\n", qsha_cpu_has_shani() ? "yes" : "no");
    bench("compress, portable C", op_portable, 2000000 / scale, 1);
    int engines[2] = { QSHA_ENGINE_PORTABLE, QSHA_ENGINE_SHANI };
    for (int e = 0; e < 2; e++) {
        if (qsha_select_engine(engines[e]) != engines[e]) continue;
        const char *nm = engines[e] == QSHA_ENGINE_SHANI ? "shani" : "portable";
        char label[64];
        printf("-- engine %s\n", nm);
        snprintf(label, sizeof label, "compress x1 [%s]", nm);            bench(label, op_c1, 4000000 / scale, 1);
        snprintf(label, sizeof label, "compress x2, per block [%s]", nm); bench(label, op_c2, 2000000 / scale, 2);
        snprintf(label, sizeof label, "sha256d(header80) [%s]", nm);      bench(label, op_hdr, 2000000 / scale, 1);
        snprintf(label, sizeof label, "sha256d(header80) midstate [%s]", nm); bench(label, op_hdr_mid, 2000000 / scale, 1);
        snprintf(label, sizeof label, "sha256d(header80) midstate x2 [%s]", nm); bench(label, op_hdr_mid2, 1000000 / scale, 2);
        snprintf(label, sizeof label, "share, 12-level branch, single [%s]", nm); bench(label, op_share, 200000 / scale, 1);
        snprintf(label, sizeof label, "share, 12-level branch, batch %d [%s]", BATCH, nm); bench(label, op_batch, 4000 / scale, BATCH);
    }
    return 0;
}
