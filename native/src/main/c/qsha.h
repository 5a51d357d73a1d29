/*
 * Quarry native SHA-256 engine: internal interface shared by the C sources.
 *
 * State words are kept in the standard FIPS 180-4 order (a..h) as host integers; every
 * compression back-end (portable C, SHA-NI single, SHA-NI two-lane) takes and returns that
 * layout, so back-ends are interchangeable and can be compared against each other in tests.
 */
#ifndef QSHA_H
#define QSHA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern const uint32_t QSHA_IV[8];

/* One 64-byte block into state. */
typedef void (*qsha_compress1_fn)(uint32_t state[8], const uint8_t block[64]);
/* Two independent lanes, interleaved so one lane's latency hides behind the other's. */
typedef void (*qsha_compress2_fn)(uint32_t s0[8], const uint8_t b0[64],
                                  uint32_t s1[8], const uint8_t b1[64]);

/* Fused double-hash steps of share validation (each engine keeps its state in registers):
 *   fin32: out = sha256(digest of st)          (second half of the coinbase sha256d)
 *   d64:   out = sha256d(l[0..32) || r[0..32))  (one merkle level; out may alias l or r)
 *   d80:   out = sha256d(h[0..80))             (block header)
 * x2 variants do two independent lanes at once. */
typedef void (*qsha_fin32_fn)(const uint32_t st[8], uint8_t out[32]);
typedef void (*qsha_fin32x2_fn)(const uint32_t st0[8], uint8_t out0[32], const uint32_t st1[8], uint8_t out1[32]);
typedef void (*qsha_d64_fn)(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]);
typedef void (*qsha_d64x2_fn)(const uint8_t l0[32], const uint8_t r0[32], uint8_t o0[32],
                              const uint8_t l1[32], const uint8_t r1[32], uint8_t o1[32]);
typedef void (*qsha_d80_fn)(const uint8_t h[80], uint8_t out[32]);
typedef void (*qsha_d80x2_fn)(const uint8_t h0[80], uint8_t o0[32], const uint8_t h1[80], uint8_t o1[32]);

void qsha_compress_portable(uint32_t state[8], const uint8_t block[64]);
void qsha_compress2_portable(uint32_t s0[8], const uint8_t b0[64], uint32_t s1[8], const uint8_t b1[64]);
void qsha_fin32_portable(const uint32_t st[8], uint8_t out[32]);
void qsha_fin32x2_portable(const uint32_t st0[8], uint8_t out0[32], const uint32_t st1[8], uint8_t out1[32]);
void qsha_d64_portable(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]);
void qsha_d64x2_portable(const uint8_t l0[32], const uint8_t r0[32], uint8_t o0[32],
                         const uint8_t l1[32], const uint8_t r1[32], uint8_t o1[32]);
void qsha_d80_portable(const uint8_t h[80], uint8_t out[32]);
void qsha_d80x2_portable(const uint8_t h0[80], uint8_t o0[32], const uint8_t h1[80], uint8_t o1[32]);

#if defined(__x86_64__) || defined(__i386__)
#define QSHA_HAVE_X86 1
void qsha_compress_shani(uint32_t state[8], const uint8_t block[64]);
void qsha_compress2_shani(uint32_t s0[8], const uint8_t b0[64], uint32_t s1[8], const uint8_t b1[64]);
void qsha_fin32_shani(const uint32_t st[8], uint8_t out[32]);
void qsha_fin32x2_shani(const uint32_t st0[8], uint8_t out0[32], const uint32_t st1[8], uint8_t out1[32]);
void qsha_d64_shani(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]);
void qsha_d64x2_shani(const uint8_t l0[32], const uint8_t r0[32], uint8_t o0[32],
                      const uint8_t l1[32], const uint8_t r1[32], uint8_t o1[32]);
void qsha_d80_shani(const uint8_t h[80], uint8_t out[32]);
void qsha_d80x2_shani(const uint8_t h0[80], uint8_t o0[32], const uint8_t h1[80], uint8_t o1[32]);
void qsha_d80mid_shani(const uint32_t mid[8], const uint8_t tail16[16], uint8_t out[32]);
#endif

/* CPU feature probe (cpuid): SHA extensions plus the SSE levels the SHA-NI code uses. */
int qsha_cpu_has_shani(void);

/* Engine selection. QSHA_ENGINE_AUTO picks SHA-NI when the CPU has it. */
enum { QSHA_ENGINE_AUTO = 0, QSHA_ENGINE_PORTABLE = 1, QSHA_ENGINE_SHANI = 2 };
/* Returns the engine now in use (QSHA_ENGINE_PORTABLE or QSHA_ENGINE_SHANI), or -1 when
 * SHA-NI was requested but the CPU lacks it (the previous engine stays in place). */
int qsha_select_engine(int requested);
int qsha_engine(void);

extern qsha_compress1_fn qsha_compress1;
extern qsha_compress2_fn qsha_compress2;
extern qsha_fin32_fn qsha_fin32;
extern qsha_fin32x2_fn qsha_fin32x2;
extern qsha_d64_fn qsha_d64;
extern qsha_d64x2_fn qsha_d64x2;
extern qsha_d80_fn qsha_d80;
extern qsha_d80x2_fn qsha_d80x2;

/* Convenience hashes (any length), used by tests, the benchmark and job preparation. */
void qsha_sha256(const uint8_t *data, size_t len, uint8_t out[32]);
void qsha_sha256d(const uint8_t *data, size_t len, uint8_t out[32]);
/* sha256d of an 80-byte block header; midstate over the first 64 bytes is not reusable
 * across shares (the merkle root sits in it), but the second block's padding is fixed. */
void qsha_sha256d80(const uint8_t header[80], uint8_t out[32]);
/* Header sha256d given the midstate of header[0..64): two compressions instead of three.
 * Miners roll only the nonce/ntime in the tail, so this is the hot loop of a nonce scan. */
void qsha_sha256d80_mid(const uint32_t mid[8], const uint8_t tail16[16], uint8_t out[32]);
void qsha_sha256d80_mid_x2(const uint32_t mid[8], const uint8_t tail_a[16], const uint8_t tail_b[16],
                           uint8_t out_a[32], uint8_t out_b[32]);

/* ---- share validation -------------------------------------------------------------------
 * A prepared job is one byte array (built by Java once per job, see QSHA_JOB_*), a share is
 * a small record, and a result is QSHA_OUT_SIZE bytes: header(80) hash(32) txid(32) root(32).
 * All integers in these records are little-endian int32.
 */
#define QSHA_JOB_C1LEN      0
#define QSHA_JOB_C2LEN      4
#define QSHA_JOB_NBRANCH    8
#define QSHA_JOB_MIDLEN     12  /* bytes of coinb1 absorbed into the midstate (multiple of 64) */
#define QSHA_JOB_PREVHASH   16  /* 32 bytes, internal order */
#define QSHA_JOB_BITS       48
#define QSHA_JOB_RESERVED   52
#define QSHA_JOB_MIDSTATE   56  /* 8 x uint32, host order, filled by qsha_job_prepare */
#define QSHA_JOB_DATA       88  /* coinb1 | coinb2 | branch (32 bytes each) */

#define QSHA_SHARE_EN1LEN   0
#define QSHA_SHARE_EN2LEN   4
#define QSHA_SHARE_NTIME    8
#define QSHA_SHARE_NONCE    12
#define QSHA_SHARE_VERSION  16  /* final header version (already rolled) */
#define QSHA_SHARE_DATA     20  /* en1 | en2 */
#define QSHA_SHARE_MAX_EN   64  /* per extranonce; Stratum uses 4..16 */

#define QSHA_OUT_HEADER     0
#define QSHA_OUT_HASH       80
#define QSHA_OUT_TXID       112
#define QSHA_OUT_ROOT       144
#define QSHA_OUT_SIZE       176

/* Error codes (negative); 0 = ok. */
#define QSHA_OK             0
#define QSHA_ERR_JOB       -1   /* job record inconsistent with its length */
#define QSHA_ERR_SHARE     -2   /* share record inconsistent with its length */
#define QSHA_ERR_SPACE     -3   /* output buffer too small */

static inline size_t qsha_job_size(uint32_t c1, uint32_t c2, uint32_t nbranch) {
    return (size_t)QSHA_JOB_DATA + c1 + c2 + (size_t)32 * nbranch;
}
static inline size_t qsha_share_size(uint32_t en1, uint32_t en2) {
    return (size_t)QSHA_SHARE_DATA + en1 + en2;
}

/* Checks the job record against len and fills its midstate. */
int qsha_job_prepare(uint8_t *job, size_t len);
/* Checks a prepared job record (lengths only; the midstate is trusted). */
int qsha_job_check(const uint8_t *job, size_t len);
/* One share; share record length is checked against share_len. */
int qsha_validate(const uint8_t *job, size_t job_len, const uint8_t *share, size_t share_len,
                  uint8_t out[QSHA_OUT_SIZE]);

/* A batch: n entries, each naming a job (pointer+length) and a share record. Lanes are
 * paired and run interleaved. Returns QSHA_OK, or the first error with its index stored in
 * *bad_index when bad_index is not NULL (outputs of the entries before it are written). */
typedef struct {
    const uint8_t *job;
    size_t job_len;
    const uint8_t *share;
    size_t share_len;
    uint8_t *out;
} qsha_batch_entry;
int qsha_validate_batch(const qsha_batch_entry *entries, size_t n, size_t *bad_index);

/* Internals shared by the one/two-lane path (share.c) and the 16-lane AVX-512 path. */
typedef struct {
    const uint8_t *seg[4];   /* coinbase bytes after the midstate: coinb1 tail, en1, en2, coinb2 */
    size_t seglen[4];
    size_t len;              /* bytes after the midstate */
    uint64_t bits;           /* whole coinbase length in bits */
    size_t nblocks;          /* compressions for the rest of the coinbase incl. padding */
    const uint8_t *branch;
    uint32_t nbranch;
} qsha_cbstream;
void qsha_cbstream_init(qsha_cbstream *cs, const uint8_t *job, const uint8_t *share);
void qsha_cbstream_block(const qsha_cbstream *cs, size_t k, uint8_t blk[64]);
void qsha_header_init(const uint8_t *job, const uint8_t *share, uint8_t header[80]);

/* Validates up to 16 checked entries at once (AVX-512F); NULL when the CPU lacks it. */
typedef void (*qsha_run16_fn)(const uint8_t *const *jobs, const uint8_t *const *shares, uint8_t *const *outs, int n);
extern qsha_run16_fn qsha_run16;
/* One checked share start to finish with the state in registers (SHA-NI); NULL on the portable engine. */
typedef void (*qsha_share1_fn)(const uint8_t *job, const uint8_t *share, uint8_t *out);
extern qsha_share1_fn qsha_share1;
#if defined(QSHA_HAVE_X86)
void qsha_run16_avx512(const uint8_t *const *jobs, const uint8_t *const *shares, uint8_t *const *outs, int n);
void qsha_share1_shani(const uint8_t *job, const uint8_t *share, uint8_t *out);
#endif
int qsha_cpu_has_avx512f(void);
/* Lanes a batch runs at once with the engine in use: 16 (AVX-512), 2 (SHA-NI) or 1. */
int qsha_batch_lanes(void);

#ifdef __cplusplus
}
#endif
#endif
