/*
 * Sixteen-lane SHA-256 with AVX-512F: lane i of every register belongs to share i, so one
 * pass of the rounds compresses sixteen independent blocks. On CPUs whose SHA-NI unit is
 * throughput-bound (sha256rnds2 every ~3 cycles) this beats interleaved SHA-NI for batches.
 * Enabled per function with the target pragma; engine.c calls it only after cpuid/xgetbv
 * confirmed AVX-512F with OS support.
 */
#include <string.h>
#include "qsha.h"

#if defined(QSHA_HAVE_X86)
#pragma GCC push_options
#pragma GCC target("avx512f")
#include <immintrin.h>

static const uint32_t K16[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u
};

#define ROR(x, n) _mm512_ror_epi32(x, n)
#define XOR3(a, b, c) _mm512_ternarylogic_epi32(a, b, c, 0x96)
#define CH(e, f, g) _mm512_ternarylogic_epi32(e, f, g, 0xCA)   /* (e & f) | (~e & g) */
#define MAJ(a, b, c) _mm512_ternarylogic_epi32(a, b, c, 0xE8)  /* majority */
#define ADD(a, b) _mm512_add_epi32(a, b)

/* K + W of the constant second block of a 64-byte message (see sha256_shani.c). */
static const uint32_t PAD64_KW16[64] = {
    0xc28a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf374u,
    0x649b69c1u, 0xf0fe4786u, 0x0fe1edc6u, 0x240cf254u, 0x4fe9346fu, 0x6cc984beu, 0x61b9411eu, 0x16f988fau,
    0xf2c65152u, 0xa88e5a6du, 0xb019fc65u, 0xb9d99ec7u, 0x9a1231c3u, 0xe70eeaa0u, 0xfdb1232bu, 0xc7353eb0u,
    0x3069bad5u, 0xcb976d5fu, 0x5a0f118fu, 0xdc1eeefdu, 0x0a35b689u, 0xde0b7a04u, 0x58f4ca9du, 0xe15d5b16u,
    0x007f3e86u, 0x37088980u, 0xa507ea32u, 0x6fab9537u, 0x17406110u, 0x0d8cd6f1u, 0xcdaa3b6du, 0xc0bbbe37u,
    0x83613bdau, 0xdb48a363u, 0x0b02e931u, 0x6fd15ca7u, 0x521afacau, 0x31338431u, 0x6ed41a95u, 0x6d437890u,
    0xc39c91f2u, 0x9eccabbdu, 0xb5c9a0e6u, 0x532fb63cu, 0xd2c741c6u, 0x07237ea3u, 0xa4954b68u, 0x4c191d76u
};

/* Scalar SHA-256 pieces, for the parts of a round or schedule word that are constants (the
 * compiler folds them: their inputs are constant tables and literal word counts). */
static inline uint32_t sror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static inline uint32_t ssig0(uint32_t x) { return sror(x, 7) ^ sror(x, 18) ^ (x >> 3); }
static inline uint32_t ssig1(uint32_t x) { return sror(x, 17) ^ sror(x, 19) ^ (x >> 10); }

static const uint32_t IV16[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u
};

/* Constant tails of the blocks that have one: after a 32-byte message (second hash of a double
 * hash) and after the 16 header bytes of a header's second block. Words before nvar are unused. */
static const uint32_t TAIL32[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0x80000000u, 0, 0, 0, 0, 0, 0, 256 };
static const uint32_t TAIL80[16] = { 0, 0, 0, 0, 0x80000000u, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 640 };

/*
 * s[0..7] (a..h, lane-sliced) += compress(block), fully unrolled. Words 0..nvar-1 of the block
 * are in w (overwritten by the schedule), words nvar..15 are the constants cw[nvar..15]: their
 * sigma terms and sums fold into the round constants, which saves most of the schedule work of
 * a second-hash block. With iv set, s holds the IV and round 0 folds to two additions.
 * nvar and iv must be literals at every call so that the branches below disappear.
 */
static inline __attribute__((always_inline)) void
compress16_c(__m512i s[8], __m512i w[16], int nvar, const uint32_t *cw, int iv) {
    __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    int first = 0;
    if (iv) {
        const uint32_t *v = IV16;
        uint32_t t1 = v[7] + (sror(v[4], 6) ^ sror(v[4], 11) ^ sror(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) + K16[0];
        uint32_t t2 = (sror(v[0], 2) ^ sror(v[0], 13) ^ sror(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        /* nvar >= 1 at every iv call: word 0 is variable */
        h = g; g = f; f = e; e = ADD(w[0], _mm512_set1_epi32((int)(v[3] + t1)));
        d = c; c = b; b = a; a = ADD(w[0], _mm512_set1_epi32((int)(t1 + t2)));
        first = 1;
    }
#pragma GCC unroll 64
    for (int i = first; i < 64; i++) {
        __m512i kwi;
        if (i < 16) {
            kwi = i < nvar ? ADD(w[i], _mm512_set1_epi32((int)K16[i])) : _mm512_set1_epi32((int)(K16[i] + cw[i]));
        } else {
            /* W[i] = sig1(W[i-2]) + W[i-7] + sig0(W[i-15]) + W[i-16]; constant terms summed apart */
            int j2 = i - 2, j7 = i - 7, j15 = i - 15, j16 = i - 16;
            uint32_t k = 0;
            int have = 0;
            __m512i v = _mm512_setzero_si512();
            if (j2 >= 16 || j2 < nvar) {
                __m512i x = w[j2 & 15];
                v = XOR3(ROR(x, 17), ROR(x, 19), _mm512_srli_epi32(x, 10));
                have = 1;
            } else {
                k += ssig1(cw[j2]);
            }
            if (j7 >= 16 || j7 < nvar) {
                v = have ? ADD(v, w[j7 & 15]) : w[j7 & 15];
                have = 1;
            } else {
                k += cw[j7];
            }
            if (j15 >= 16 || j15 < nvar) {
                __m512i x = w[j15 & 15];
                __m512i s0 = XOR3(ROR(x, 7), ROR(x, 18), _mm512_srli_epi32(x, 3));
                v = have ? ADD(v, s0) : s0;
                have = 1;
            } else {
                k += ssig0(cw[j15]);
            }
            if (j16 >= 16 || j16 < nvar) {
                v = have ? ADD(v, w[j16 & 15]) : w[j16 & 15];
            } else {
                k += cw[j16];
            }
            /* every W[i >= 16] has a variable part because nvar >= 1 */
            __m512i wi = k != 0 ? ADD(v, _mm512_set1_epi32((int)k)) : v;
            w[i & 15] = wi;
            kwi = ADD(wi, _mm512_set1_epi32((int)K16[i]));
        }
        __m512i t1 = ADD(ADD(h, XOR3(ROR(e, 6), ROR(e, 11), ROR(e, 25))), ADD(CH(e, f, g), kwi));
        __m512i t2 = ADD(XOR3(ROR(a, 2), ROR(a, 13), ROR(a, 22)), MAJ(a, b, c));
        h = g; g = f; f = e; e = ADD(d, t1);
        d = c; c = b; b = a; a = ADD(t1, t2);
    }
    s[0] = ADD(s[0], a); s[1] = ADD(s[1], b); s[2] = ADD(s[2], c); s[3] = ADD(s[3], d);
    s[4] = ADD(s[4], e); s[5] = ADD(s[5], f); s[6] = ADD(s[6], g); s[7] = ADD(s[7], h);
}

/* The constant second block of a 64-byte message: K+W from the table, no schedule. */
static inline __attribute__((always_inline)) void compress16_kw(__m512i s[8], const uint32_t *kw) {
    __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
#pragma GCC unroll 64
    for (int i = 0; i < 64; i++) {
        __m512i kwi = _mm512_set1_epi32((int)kw[i]);
        __m512i t1 = ADD(ADD(h, XOR3(ROR(e, 6), ROR(e, 11), ROR(e, 25))), ADD(CH(e, f, g), kwi));
        __m512i t2 = ADD(XOR3(ROR(a, 2), ROR(a, 13), ROR(a, 22)), MAJ(a, b, c));
        h = g; g = f; f = e; e = ADD(d, t1);
        d = c; c = b; b = a; a = ADD(t1, t2);
    }
    s[0] = ADD(s[0], a); s[1] = ADD(s[1], b); s[2] = ADD(s[2], c); s[3] = ADD(s[3], d);
    s[4] = ADD(s[4], e); s[5] = ADD(s[5], f); s[6] = ADD(s[6], g); s[7] = ADD(s[7], h);
}

/* A full 64-byte message block on any state. */
static __attribute__((noinline)) void compress16_msg(__m512i s[8], __m512i w[16]) { compress16_c(s, w, 16, NULL, 0); }
/* A full message block on the IV (merkle node, header's first block). */
static __attribute__((noinline)) void compress16_msg_iv(__m512i s[8], __m512i w[16]) { compress16_c(s, w, 16, NULL, 1); }
/* The header's second block: 16 message bytes then constant padding. */
static __attribute__((noinline)) void compress16_tail80(__m512i s[8], __m512i w[16]) { compress16_c(s, w, 4, TAIL80, 0); }
static __attribute__((noinline)) void compress16_pad64(__m512i s[8]) { compress16_kw(s, PAD64_KW16); }

static inline uint32_t rd_le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint32_t be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void set_iv(__m512i s[8]) {
    for (int i = 0; i < 8; i++) s[i] = _mm512_set1_epi32((int)QSHA_IV[i]);
}

/* s <- sha256 of the 32-byte digest now in s (second half of a double hash). */
static __attribute__((noinline)) void again16(__m512i s[8]) {
    __m512i w[16];
    for (int i = 0; i < 8; i++) w[i] = s[i];
    set_iv(s);
    compress16_c(s, w, 8, TAIL32, 1);
}

/* Lane-sliced words -> each lane's 32 digest bytes. */
static void store_digests(const __m512i s[8], uint8_t *const *outs, size_t off, int n) {
    uint32_t t[8][16] __attribute__((aligned(64)));
    for (int i = 0; i < 8; i++) _mm512_store_si512((void *)t[i], s[i]);
    for (int l = 0; l < n; l++) {
        uint8_t *o = outs[l] + off;
        for (int i = 0; i < 8; i++) {
            uint32_t v = t[i][l];
            o[4 * i] = (uint8_t)(v >> 24); o[4 * i + 1] = (uint8_t)(v >> 16);
            o[4 * i + 2] = (uint8_t)(v >> 8); o[4 * i + 3] = (uint8_t)v;
        }
    }
}

static void load_words(__m512i *w, uint32_t t[][16], int nwords) {
    for (int i = 0; i < nwords; i++) w[i] = _mm512_load_si512((const void *)t[i]);
}

static void run16_general(const uint8_t *const *jobs, const uint8_t *const *shares, uint8_t *const *outs, int n) {
    qsha_cbstream cs[16];
    uint32_t t[16][16] __attribute__((aligned(64)));  /* [word][lane] */
    uint8_t blk[64];
    __m512i S[8], T[8], W[16];
    size_t maxb = 0;
    uint32_t maxl = 0;

    memset(t, 0, sizeof t);
    for (int l = 0; l < n; l++) {
        qsha_cbstream_init(&cs[l], jobs[l], shares[l]);
        qsha_header_init(jobs[l], shares[l], outs[l] + QSHA_OUT_HEADER);
        uint32_t mid[8];
        memcpy(mid, jobs[l] + QSHA_JOB_MIDSTATE, 32);
        for (int i = 0; i < 8; i++) t[i][l] = mid[i];
        if (cs[l].nblocks > maxb) maxb = cs[l].nblocks;
        if (cs[l].nbranch > maxl) maxl = cs[l].nbranch;
    }
    load_words(S, t, 8);

    /* coinbase: lanes with fewer blocks keep their state (masked update) */
    for (size_t k = 0; k < maxb; k++) {
        __mmask16 m = 0;
        for (int l = 0; l < n; l++) {
            if (k >= cs[l].nblocks) continue;
            m |= (__mmask16)(1u << l);
            qsha_cbstream_block(&cs[l], k, blk);
            for (int i = 0; i < 16; i++) t[i][l] = be32(blk + 4 * i);
        }
        load_words(W, t, 16);
        for (int i = 0; i < 8; i++) T[i] = S[i];
        compress16_msg(T, W);
        for (int i = 0; i < 8; i++) S[i] = _mm512_mask_mov_epi32(S[i], m, T[i]);
    }
    again16(S);
    store_digests(S, outs, QSHA_OUT_TXID, n);

    /* merkle fold: root stays lane-sliced in S */
    for (uint32_t lv = 0; lv < maxl; lv++) {
        __mmask16 m = 0;
        for (int l = 0; l < n; l++) {
            if (lv >= cs[l].nbranch) continue;
            m |= (__mmask16)(1u << l);
            const uint8_t *br = cs[l].branch + 32 * (size_t)lv;
            for (int i = 0; i < 8; i++) t[8 + i][l] = be32(br + 4 * i);
        }
        for (int i = 0; i < 8; i++) W[i] = S[i];
        load_words(W + 8, t + 8, 8);
        set_iv(T);
        compress16_msg_iv(T, W);
        compress16_pad64(T);
        again16(T);
        for (int i = 0; i < 8; i++) S[i] = _mm512_mask_mov_epi32(S[i], m, T[i]);
    }
    store_digests(S, outs, QSHA_OUT_ROOT, n);

    /* header: two blocks, then the second hash */
    for (int l = 0; l < n; l++) {
        uint8_t *h = outs[l] + QSHA_OUT_HEADER;
        memcpy(h + 36, outs[l] + QSHA_OUT_ROOT, 32);
        for (int i = 0; i < 16; i++) t[i][l] = be32(h + 4 * i);
    }
    load_words(W, t, 16);
    set_iv(S);
    compress16_msg_iv(S, W);
    for (int l = 0; l < n; l++) {
        const uint8_t *h = outs[l] + QSHA_OUT_HEADER + 64;
        for (int i = 0; i < 4; i++) t[i][l] = be32(h + 4 * i);
    }
    load_words(W, t, 4);
    compress16_tail80(S, W);
    again16(S);
    store_digests(S, outs, QSHA_OUT_HASH, n);
}


/* a..h words -> digest byte order in each 32-bit lane (bswap with AVX-512F only: two rotates and a select) */
static inline __m512i bswap16(__m512i x) {
    return _mm512_ternarylogic_epi32(_mm512_set1_epi32((int)0xff00ff00u), _mm512_ror_epi32(x, 8), _mm512_rol_epi32(x, 8), 0xCA);
}

/* Lane-sliced digest -> each lane's 32 bytes, byte-swapped in vectors, then one 4-byte store per word. */
static void store_digests_fast(const __m512i s[8], uint8_t *const *outs, size_t off, int n) {
    uint32_t t[8][16] __attribute__((aligned(64)));
    for (int i = 0; i < 8; i++) _mm512_store_si512((void *)t[i], bswap16(s[i]));
    for (int l = 0; l < n; l++) {
        uint8_t *o = outs[l] + off;
        for (int i = 0; i < 8; i++) memcpy(o + 4 * i, &t[i][l], 4);
    }
}

/* One 32-bit field of every lane's share record (lanes past n repeat lane 0) as big-endian words. */
static __m512i share_words(const uint8_t *const *shares, int n, size_t field) {
    uint32_t v[16] __attribute__((aligned(64)));
    for (int l = 0; l < 16; l++) v[l] = be32(shares[l < n ? l : 0] + field);
    return _mm512_load_si512((const void *)v);
}

/*
 * The common batch: every share of the same job with the same extranonce lengths (a pool's
 * connections all work on the current job). Then every lane has the same number of blocks and
 * levels, and every message word except the few holding extranonce bytes, version, ntime and
 * nonce is the same in all lanes: broadcast instead of transposed lane by lane, no masks. The
 * merkle root goes from the fold into the header block without leaving the registers.
 */
static void run16_uniform(const uint8_t *job, const uint8_t *const *shares, uint8_t *const *outs, int n) {
    qsha_cbstream cs;
    uint8_t tpl[64];
    uint32_t v[16] __attribute__((aligned(64)));
    __m512i S[8], R[8], W[16];

    qsha_cbstream_init(&cs, job, shares[0]);
    const size_t en_start = cs.seglen[0], en_end = en_start + cs.seglen[1] + cs.seglen[2];
    for (int l = 0; l < n; l++) qsha_header_init(job, shares[l], outs[l] + QSHA_OUT_HEADER);
    {
        uint32_t mid[8];
        memcpy(mid, job + QSHA_JOB_MIDSTATE, 32);
        for (int i = 0; i < 8; i++) S[i] = _mm512_set1_epi32((int)mid[i]);
    }

    /* coinbase: lane 0's block is the template; words touching extranonce bytes are per lane */
    for (size_t k = 0; k < cs.nblocks; k++) {
        qsha_cbstream_block(&cs, k, tpl);
        size_t base = 64 * k;
        for (int i = 0; i < 16; i++) {
            size_t a = base + 4 * (size_t)i;
            if (a + 4 <= en_start || a >= en_end) {
                W[i] = _mm512_set1_epi32((int)be32(tpl + 4 * i));
                continue;
            }
            for (int l = 0; l < 16; l++) {
                const uint8_t *en = shares[l < n ? l : 0] + QSHA_SHARE_DATA;
                uint8_t b[4];
                for (int j = 0; j < 4; j++) {
                    size_t p = a + (size_t)j;
                    b[j] = p >= en_start && p < en_end ? en[p - en_start] : tpl[4 * i + j];
                }
                v[l] = be32(b);
            }
            W[i] = _mm512_load_si512((const void *)v);
        }
        compress16_msg(S, W);
    }
    again16(S);
    store_digests_fast(S, outs, QSHA_OUT_TXID, n);

    /* merkle fold: the branch is the job's, the same in every lane */
    for (uint32_t lv = 0; lv < cs.nbranch; lv++) {
        const uint8_t *br = cs.branch + 32 * (size_t)lv;
        for (int i = 0; i < 8; i++) {
            W[i] = S[i];
            W[8 + i] = _mm512_set1_epi32((int)be32(br + 4 * i));
        }
        set_iv(S);
        compress16_msg_iv(S, W);
        compress16_pad64(S);
        again16(S);
    }
    for (int i = 0; i < 8; i++) R[i] = S[i];
    store_digests_fast(R, outs, QSHA_OUT_ROOT, n);
    store_digests_fast(R, outs, QSHA_OUT_HEADER + 36, n);

    /* header: version | prevhash | root (words 9..16) | ntime | bits | nonce */
    /* the record holds version, ntime and nonce as the header's bytes, so they load like the header */
    W[0] = share_words(shares, n, QSHA_SHARE_VERSION);
    for (int i = 0; i < 8; i++) W[1 + i] = _mm512_set1_epi32((int)be32(job + QSHA_JOB_PREVHASH + 4 * i));
    for (int i = 0; i < 7; i++) W[9 + i] = R[i];
    set_iv(S);
    compress16_msg_iv(S, W);
    W[0] = R[7];
    W[1] = share_words(shares, n, QSHA_SHARE_NTIME);
    W[2] = _mm512_set1_epi32((int)be32(job + QSHA_JOB_BITS));
    W[3] = share_words(shares, n, QSHA_SHARE_NONCE);
    compress16_tail80(S, W);
    again16(S);
    store_digests_fast(S, outs, QSHA_OUT_HASH, n);
}

void qsha_run16_avx512(const uint8_t *const *jobs, const uint8_t *const *shares, uint8_t *const *outs, int n) {
    int uniform = 1;
    uint32_t e1 = rd_le32(shares[0] + QSHA_SHARE_EN1LEN), e2 = rd_le32(shares[0] + QSHA_SHARE_EN2LEN);
    for (int l = 1; l < n && uniform; l++) {
        uniform = jobs[l] == jobs[0] && rd_le32(shares[l] + QSHA_SHARE_EN1LEN) == e1
                && rd_le32(shares[l] + QSHA_SHARE_EN2LEN) == e2;
    }
    if (uniform) run16_uniform(jobs[0], shares, outs, n);
    else run16_general(jobs, shares, outs, n);
}

#pragma GCC pop_options
#endif
