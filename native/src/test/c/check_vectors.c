/*
 * Test driver for the native engine, built by the sanitizer test (ASan/UBSan) in pow-core.
 * Reads share vectors from a file (one share per line, written by the Java test):
 *   coinb1 coinb2 branches prevhash bits version ntime nonce en1 en2 txid root hash
 * hex fields, '-' for empty, branches comma-separated, integers as 8 hex digits (value),
 * txid/root/hash in internal byte order. Runs every share through each engine available
 * (portable, SHA-NI, and AVX-512 16-lane batches where the CPU has it) singly and as one
 * batch, plus a few self-checks, and exits non-zero on
 * any mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qsha.h"

#define MAX_LINE (1 << 22)
#define MAX_SHARES 100000

typedef struct {
    uint8_t *job; size_t job_len;
    uint8_t share[QSHA_SHARE_DATA + 2 * QSHA_SHARE_MAX_EN]; size_t share_len;
    uint8_t txid[32], root[32], hash[32];
    uint32_t version, ntime, nonce, bits;
    uint8_t prev[32];
} vec;

static int failures = 0;

static void fail(const char *what, size_t idx) {
    fprintf(stderr, "MISMATCH %s in share %zu\n", what, idx);
    failures++;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex (or "-" = empty) into out (capacity cap); returns length or -1. */
static long unhex(const char *s, uint8_t *out, size_t cap) {
    if (strcmp(s, "-") == 0) return 0;
    size_t n = strlen(s);
    if (n % 2 || n / 2 > cap) return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return (long)(n / 2);
}

static void wr_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static int parse_line(char *line, vec *v) {
    char *f[13];
    int nf = 0;
    for (char *tok = strtok(line, " \t\r\n"); tok && nf < 13; tok = strtok(NULL, " \t\r\n")) f[nf++] = tok;
    if (nf != 13) return -1;
    size_t l1 = strlen(f[0]) / 2 + 1, l2 = strlen(f[1]) / 2 + 1;
    size_t nb = 0;
    if (strcmp(f[2], "-") != 0) { nb = 1; for (char *p = f[2]; *p; p++) if (*p == ',') nb++; }
    uint8_t *c1 = malloc(l1), *c2 = malloc(l2);
    long c1n = unhex(f[0], c1, l1), c2n = unhex(f[1], c2, l2);
    if (c1n < 0 || c2n < 0) return -1;
    v->job_len = qsha_job_size((uint32_t)c1n, (uint32_t)c2n, (uint32_t)nb);
    v->job = calloc(1, v->job_len);
    uint8_t *j = v->job;
    wr_le32(j + QSHA_JOB_C1LEN, (uint32_t)c1n);
    wr_le32(j + QSHA_JOB_C2LEN, (uint32_t)c2n);
    wr_le32(j + QSHA_JOB_NBRANCH, (uint32_t)nb);
    if (unhex(f[3], v->prev, 32) != 32) return -1;
    memcpy(j + QSHA_JOB_PREVHASH, v->prev, 32);
    v->bits = (uint32_t)strtoul(f[4], NULL, 16);
    v->version = (uint32_t)strtoul(f[5], NULL, 16);
    v->ntime = (uint32_t)strtoul(f[6], NULL, 16);
    v->nonce = (uint32_t)strtoul(f[7], NULL, 16);
    wr_le32(j + QSHA_JOB_BITS, v->bits);
    memcpy(j + QSHA_JOB_DATA, c1, (size_t)c1n);
    memcpy(j + QSHA_JOB_DATA + c1n, c2, (size_t)c2n);
    free(c1); free(c2);
    uint8_t *br = j + QSHA_JOB_DATA + c1n + c2n;
    if (nb) {
        size_t k = 0;
        for (char *tok = strtok(f[2], ","); tok; tok = strtok(NULL, ","), k++)
            if (k >= nb || unhex(tok, br + 32 * k, 32) != 32) return -1;
    }
    uint8_t e1[QSHA_SHARE_MAX_EN], e2[QSHA_SHARE_MAX_EN];
    long e1n = unhex(f[8], e1, sizeof e1), e2n = unhex(f[9], e2, sizeof e2);
    if (e1n < 0 || e2n < 0) return -1;
    uint8_t *s = v->share;
    wr_le32(s + QSHA_SHARE_EN1LEN, (uint32_t)e1n);
    wr_le32(s + QSHA_SHARE_EN2LEN, (uint32_t)e2n);
    wr_le32(s + QSHA_SHARE_NTIME, v->ntime);
    wr_le32(s + QSHA_SHARE_NONCE, v->nonce);
    wr_le32(s + QSHA_SHARE_VERSION, v->version);
    memcpy(s + QSHA_SHARE_DATA, e1, (size_t)e1n);
    memcpy(s + QSHA_SHARE_DATA + e1n, e2, (size_t)e2n);
    v->share_len = qsha_share_size((uint32_t)e1n, (uint32_t)e2n);
    if (unhex(f[10], v->txid, 32) != 32 || unhex(f[11], v->root, 32) != 32 || unhex(f[12], v->hash, 32) != 32)
        return -1;
    return qsha_job_prepare(v->job, v->job_len) == QSHA_OK ? 0 : -1;
}

static void check_out(const vec *v, const uint8_t *out, size_t idx, const char *path) {
    char what[64];
    uint8_t hdr[80];
    wr_le32(hdr, v->version);
    memcpy(hdr + 4, v->prev, 32);
    memcpy(hdr + 36, v->root, 32);
    wr_le32(hdr + 68, v->ntime);
    wr_le32(hdr + 72, v->bits);
    wr_le32(hdr + 76, v->nonce);
    uint8_t h2[32], h3[32];
    qsha_sha256d80(hdr, h2);
    uint32_t mid[8];
    memcpy(mid, QSHA_IV, 32);
    qsha_compress1(mid, hdr);
    qsha_sha256d80_mid(mid, hdr + 64, h3);
    snprintf(what, sizeof what, "%s txid", path);
    if (memcmp(out + QSHA_OUT_TXID, v->txid, 32)) fail(what, idx);
    snprintf(what, sizeof what, "%s root", path);
    if (memcmp(out + QSHA_OUT_ROOT, v->root, 32)) fail(what, idx);
    snprintf(what, sizeof what, "%s header", path);
    if (memcmp(out + QSHA_OUT_HEADER, hdr, 80)) fail(what, idx);
    snprintf(what, sizeof what, "%s hash", path);
    if (memcmp(out + QSHA_OUT_HASH, v->hash, 32) || memcmp(h2, v->hash, 32)) fail(what, idx);
    snprintf(what, sizeof what, "%s header midstate hash", path);
    if (memcmp(h3, v->hash, 32)) fail(what, idx);
}

static void self_checks(void) {
    static const uint8_t abc_sha[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
    uint8_t out[32];
    qsha_sha256((const uint8_t *)"abc", 3, out);
    if (memcmp(out, abc_sha, 32)) fail("sha256(abc)", 0);

    /* interleaved and single compressions agree on pseudo-random blocks */
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int t = 0; t < 200; t++) {
        uint8_t a[64], b[64];
        uint32_t sa[8], sb[8], ra[8], rb[8];
        for (int i = 0; i < 64; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; a[i] = (uint8_t)x; b[i] = (uint8_t)(x >> 8); }
        for (int i = 0; i < 8; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; sa[i] = ra[i] = (uint32_t)x; sb[i] = rb[i] = (uint32_t)(x >> 32); }
        qsha_compress2(sa, a, sb, b);
        qsha_compress_portable(ra, a);
        qsha_compress_portable(rb, b);
        if (memcmp(sa, ra, 32) || memcmp(sb, rb, 32)) fail("compress2 vs portable", (size_t)t);
        memcpy(sa, rb, 32);
        qsha_compress1(sa, a);
        qsha_compress_portable(rb, a);
        if (memcmp(sa, rb, 32)) fail("compress1 vs portable", (size_t)t);
    }

    /* malformed records are rejected, not read past their end */
    uint8_t job[QSHA_JOB_DATA + 8] = {0};
    wr_le32(job + QSHA_JOB_C1LEN, 9);  /* claims one byte more than the array holds */
    if (qsha_job_prepare(job, sizeof job) != QSHA_ERR_JOB) fail("oversized coinb1 accepted", 0);
    wr_le32(job + QSHA_JOB_C1LEN, 8);
    if (qsha_job_prepare(job, sizeof job) != QSHA_OK) fail("valid tiny job rejected", 0);
    uint8_t share[QSHA_SHARE_DATA + 4] = {0};
    uint8_t o[QSHA_OUT_SIZE];
    wr_le32(share + QSHA_SHARE_EN1LEN, 3);
    wr_le32(share + QSHA_SHARE_EN2LEN, 2);
    if (qsha_validate(job, sizeof job, share, sizeof share, o) != QSHA_ERR_SHARE) fail("oversized share accepted", 0);
    wr_le32(share + QSHA_SHARE_EN1LEN, 1000);
    if (qsha_validate(job, sizeof job, share, sizeof share, o) != QSHA_ERR_SHARE) fail("huge extranonce accepted", 0);
    if (qsha_validate(job, sizeof job - 1, share, sizeof share, o) != QSHA_ERR_JOB) fail("short job accepted", 0);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s vectors.txt\n", argv[0]); return 2; }
    FILE *fp = fopen(argv[1], "r");
    if (!fp) { perror(argv[1]); return 2; }
    char *line = malloc(MAX_LINE);
    vec *vs = calloc(MAX_SHARES, sizeof *vs);
    size_t n = 0;
    while (n < MAX_SHARES && fgets(line, MAX_LINE, fp)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        if (parse_line(line, &vs[n]) != 0) { fprintf(stderr, "bad vector line %zu\n", n + 1); return 2; }
        n++;
    }
    fclose(fp);
    free(line);
    if (n == 0) { fprintf(stderr, "no vectors\n"); return 2; }

    int engines[2] = { QSHA_ENGINE_PORTABLE, QSHA_ENGINE_SHANI };
    int ran = 0;
    uint8_t *outs = malloc(n * QSHA_OUT_SIZE);
    qsha_batch_entry *es = malloc(n * sizeof *es);
    for (int e = 0; e < 2; e++) {
        if (qsha_select_engine(engines[e]) != engines[e]) { printf("engine %d not available\n", engines[e]); continue; }
        ran++;
        self_checks();
        const char *name = engines[e] == QSHA_ENGINE_SHANI ? "shani" : "portable";
        char path[64];
        for (size_t i = 0; i < n; i++) {
            uint8_t out[QSHA_OUT_SIZE];
            if (qsha_validate(vs[i].job, vs[i].job_len, vs[i].share, vs[i].share_len, out) != QSHA_OK) fail("validate rc", i);
            snprintf(path, sizeof path, "%s single", name);
            check_out(&vs[i], out, i, path);
        }
        memset(outs, 0, n * QSHA_OUT_SIZE);
        for (size_t i = 0; i < n; i++)
            es[i] = (qsha_batch_entry){ vs[i].job, vs[i].job_len, vs[i].share, vs[i].share_len, outs + i * QSHA_OUT_SIZE };
        size_t bad = 0;
        if (qsha_validate_batch(es, n, &bad) != QSHA_OK) fail("batch rc", bad);
        snprintf(path, sizeof path, "%s batch", name);
        for (size_t i = 0; i < n; i++) check_out(&vs[i], outs + i * QSHA_OUT_SIZE, i, path);
        /* batches of one job and one extranonce shape (the common case, with its own branch in
         * the 16-lane path): each vector's share in 1..20 lanes with different nonces and
         * extranonce bytes; expected results from the single path checked just above */
        for (size_t i = 0; i < n; i++) {
            enum { L = 20 };
            uint8_t sh[L][sizeof vs[0].share], o[L][QSHA_OUT_SIZE], ref[QSHA_OUT_SIZE];
            qsha_batch_entry be[L];
            size_t lanes = 1 + i % L;
            for (size_t l = 0; l < lanes; l++) {
                memcpy(sh[l], vs[i].share, vs[i].share_len);
                sh[l][QSHA_SHARE_NONCE] ^= (uint8_t)l;
                for (size_t b = QSHA_SHARE_DATA; b < vs[i].share_len; b++) sh[l][b] ^= (uint8_t)(l * 29 + b);
                be[l] = (qsha_batch_entry){ vs[i].job, vs[i].job_len, sh[l], vs[i].share_len, o[l] };
            }
            if (qsha_validate_batch(be, lanes, NULL) != QSHA_OK) fail("one-job batch rc", i);
            for (size_t l = 0; l < lanes; l++) {
                if (qsha_validate(vs[i].job, vs[i].job_len, sh[l], vs[i].share_len, ref) != QSHA_OK) fail("one-job single rc", i);
                if (memcmp(ref, o[l], QSHA_OUT_SIZE) != 0) fail("one-job batch", i);
            }
        }
        /* a bad entry in the middle stops the batch there and is named */
        if (n >= 3) {
            es[2].share_len += 1;
            if (qsha_validate_batch(es, n, &bad) != QSHA_ERR_SHARE || bad != 2) fail("batch bad entry", 2);
            es[2].share_len -= 1;
        }
    }
    for (size_t i = 0; i < n; i++) free(vs[i].job);
    free(vs); free(outs); free(es);
    if (failures) { fprintf(stderr, "%d failures\n", failures); return 1; }
    printf("ok %zu shares, %d engines\n", n, ran);
    return 0;
}
