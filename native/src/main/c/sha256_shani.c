/*
 * SHA-256 compression with the x86 SHA extensions (SHA-NI).
 *
 * Only this file uses SHA/SSE4.1 instructions, and it enables them per function through
 * the target pragma (the same as -msha -msse4.1 for these functions only). The rest of the
 * library is baseline x86-64, so the .so loads on CPUs without SHA-NI; engine.c calls into
 * here only after cpuid reported the extensions.
 *
 * The two-lane variant runs two independent blocks through the rounds side by side:
 * sha256rnds2 has a latency of several cycles but a throughput of about one per cycle, so a
 * single dependency chain leaves the unit idle most of the time.
 */
#include <string.h>
#include "qsha.h"

#if defined(QSHA_HAVE_X86)

#pragma GCC push_options
#pragma GCC target("sha,sse4.1,ssse3")
#include <immintrin.h>

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u
};

#define BSWAP_MASK _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL)

/* state a..h (host order) -> ABEF / CDGH register layout used by sha256rnds2 */
#define LOAD_STATE(st, S0, S1) do {                                   \
        __m128i t_ = _mm_loadu_si128((const __m128i *)&(st)[0]);       \
        S1 = _mm_loadu_si128((const __m128i *)&(st)[4]);               \
        t_ = _mm_shuffle_epi32(t_, 0xB1);                             \
        S1 = _mm_shuffle_epi32(S1, 0x1B);                             \
        S0 = _mm_alignr_epi8(t_, S1, 8);                              \
        S1 = _mm_blend_epi16(S1, t_, 0xF0);                           \
    } while (0)

#define STORE_STATE(st, S0, S1) do {                                  \
        __m128i t_ = _mm_shuffle_epi32(S0, 0x1B);                     \
        S1 = _mm_shuffle_epi32(S1, 0xB1);                             \
        S0 = _mm_blend_epi16(t_, S1, 0xF0);                           \
        S1 = _mm_alignr_epi8(S1, t_, 8);                              \
        _mm_storeu_si128((__m128i *)&(st)[0], S0);                    \
        _mm_storeu_si128((__m128i *)&(st)[4], S1);                    \
    } while (0)

/*
 * Four rounds (group g) for one lane. Mc holds W[4g..4g+3]; Mp the previous group (gets the
 * sigma0 part of group g+3 via msg1); Mn the next group (finished via msg2).
 */
#define GROUP(g, S0, S1, Mc, Mp, Mn) do {                                      \
        __m128i m_ = _mm_add_epi32(Mc, _mm_load_si128((const __m128i *)&K[4 * (g)])); \
        S1 = _mm_sha256rnds2_epu32(S1, S0, m_);                                \
        if ((g) >= 3 && (g) <= 14) {                                           \
            Mn = _mm_add_epi32(Mn, _mm_alignr_epi8(Mc, Mp, 4));                 \
            Mn = _mm_sha256msg2_epu32(Mn, Mc);                                 \
        }                                                                      \
        m_ = _mm_shuffle_epi32(m_, 0x0E);                                      \
        S0 = _mm_sha256rnds2_epu32(S0, S1, m_);                                \
        if ((g) >= 1 && (g) <= 12) Mp = _mm_sha256msg1_epu32(Mp, Mc);          \
    } while (0)

/* Group g uses message register g%4; previous (g+3)%4; next (g+1)%4. */
#define ALL_GROUPS(L)                                    \
    L(0, M0, M3, M1)  L(1, M1, M0, M2)  L(2, M2, M1, M3)  L(3, M3, M2, M0)  \
    L(4, M0, M3, M1)  L(5, M1, M0, M2)  L(6, M2, M1, M3)  L(7, M3, M2, M0)  \
    L(8, M0, M3, M1)  L(9, M1, M0, M2)  L(10, M2, M1, M3) L(11, M3, M2, M0) \
    L(12, M0, M3, M1) L(13, M1, M0, M2) L(14, M2, M1, M3) L(15, M3, M2, M0)

void qsha_compress_shani(uint32_t state[8], const uint8_t block[64]) {
    const __m128i mask = BSWAP_MASK;
    __m128i S0, S1;
    LOAD_STATE(state, S0, S1);
    const __m128i A0 = S0, A1 = S1;
    __m128i M0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 0)), mask);
    __m128i M1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16)), mask);
    __m128i M2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 32)), mask);
    __m128i M3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 48)), mask);
#define ONE(g, c, p, n) GROUP(g, S0, S1, c, p, n);
    ALL_GROUPS(ONE)
#undef ONE
    S0 = _mm_add_epi32(S0, A0);
    S1 = _mm_add_epi32(S1, A1);
    STORE_STATE(state, S0, S1);
}

void qsha_compress2_shani(uint32_t s0[8], const uint8_t b0[64], uint32_t s1[8], const uint8_t b1[64]) {
    const __m128i mask = BSWAP_MASK;
    __m128i XS0, XS1, YS0, YS1;
    LOAD_STATE(s0, XS0, XS1);
    LOAD_STATE(s1, YS0, YS1);
    const __m128i XA0 = XS0, XA1 = XS1, YA0 = YS0, YA1 = YS1;
    __m128i XM0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b0 + 0)), mask);
    __m128i YM0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b1 + 0)), mask);
    __m128i XM1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b0 + 16)), mask);
    __m128i YM1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b1 + 16)), mask);
    __m128i XM2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b0 + 32)), mask);
    __m128i YM2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b1 + 32)), mask);
    __m128i XM3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b0 + 48)), mask);
    __m128i YM3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b1 + 48)), mask);
#define TWO(g, c, p, n) GROUP(g, XS0, XS1, X##c, X##p, X##n); GROUP(g, YS0, YS1, Y##c, Y##p, Y##n);
    ALL_GROUPS(TWO)
#undef TWO
    XS0 = _mm_add_epi32(XS0, XA0);
    XS1 = _mm_add_epi32(XS1, XA1);
    YS0 = _mm_add_epi32(YS0, YA0);
    YS1 = _mm_add_epi32(YS1, YA1);
    STORE_STATE(s0, XS0, XS1);
    STORE_STATE(s1, YS0, YS1);
}


/* ---- fused operations: the state never leaves the registers between compressions --------- */

#define IV_ABEF _mm_set_epi32(0x6a09e667, (int)0xbb67ae85, 0x510e527f, (int)0x9b05688c)
#define IV_CDGH _mm_set_epi32(0x3c6ef372, (int)0xa54ff53a, 0x1f83d9ab, 0x5be0cd19)

/* ABEF/CDGH -> (a,b,c,d) and (e,f,g,h), lane 0 first: both the digest words and, unchanged, the
 * first two message registers of a hash over that digest. */
#define TO_WORDS(S0, S1, ABCD, EFGH) do {                              \
        __m128i t_ = _mm_shuffle_epi32(S0, 0x1B);                      \
        __m128i u_ = _mm_shuffle_epi32(S1, 0xB1);                      \
        ABCD = _mm_blend_epi16(t_, u_, 0xF0);                          \
        EFGH = _mm_alignr_epi8(u_, t_, 8);                             \
    } while (0)

#define STORE_DIGEST(out, S0, S1) do {                                 \
        __m128i a_, e_;                                                \
        TO_WORDS(S0, S1, a_, e_);                                      \
        _mm_storeu_si128((__m128i *)(out), _mm_shuffle_epi8(a_, BSWAP_MASK));        \
        _mm_storeu_si128((__m128i *)((out) + 16), _mm_shuffle_epi8(e_, BSWAP_MASK)); \
    } while (0)

/* message registers after a 32-byte message: 0x80 pad word, zeros, length 256 bits */
#define PAD32_M2 _mm_set_epi32(0, 0, 0, (int)0x80000000)
#define PAD32_M3 _mm_set_epi32(256, 0, 0, 0)
/* after the 16 header bytes of the header's second block: length 640 bits */
#define PAD80_M1 _mm_set_epi32(0, 0, 0, (int)0x80000000)
#define PAD80_M3 _mm_set_epi32(640, 0, 0, 0)

#define LOADW(p) _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p)), BSWAP_MASK)

/* K + W of the constant second block of a 64-byte message (0x80, zeros, length 512): its
 * message schedule never changes, so rounds read K+W directly (generated offline from
 * FIPS 180-4; the vector tests cover it through every merkle level). */
static const uint32_t PAD64_KW[64] __attribute__((aligned(16))) = {
    0xc28a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf374u,
    0x649b69c1u, 0xf0fe4786u, 0x0fe1edc6u, 0x240cf254u, 0x4fe9346fu, 0x6cc984beu, 0x61b9411eu, 0x16f988fau,
    0xf2c65152u, 0xa88e5a6du, 0xb019fc65u, 0xb9d99ec7u, 0x9a1231c3u, 0xe70eeaa0u, 0xfdb1232bu, 0xc7353eb0u,
    0x3069bad5u, 0xcb976d5fu, 0x5a0f118fu, 0xdc1eeefdu, 0x0a35b689u, 0xde0b7a04u, 0x58f4ca9du, 0xe15d5b16u,
    0x007f3e86u, 0x37088980u, 0xa507ea32u, 0x6fab9537u, 0x17406110u, 0x0d8cd6f1u, 0xcdaa3b6du, 0xc0bbbe37u,
    0x83613bdau, 0xdb48a363u, 0x0b02e931u, 0x6fd15ca7u, 0x521afacau, 0x31338431u, 0x6ed41a95u, 0x6d437890u,
    0xc39c91f2u, 0x9eccabbdu, 0xb5c9a0e6u, 0x532fb63cu, 0xd2c741c6u, 0x07237ea3u, 0xa4954b68u, 0x4c191d76u
};

#define KW_GROUP(g, S0, S1) do {                                              \
        __m128i m_ = _mm_load_si128((const __m128i *)&PAD64_KW[4 * (g)]);     \
        S1 = _mm_sha256rnds2_epu32(S1, S0, m_);                               \
        m_ = _mm_shuffle_epi32(m_, 0x0E);                                     \
        S0 = _mm_sha256rnds2_epu32(S0, S1, m_);                               \
    } while (0)

/* Functions take the lane registers by pointer and are always inlined, so everything stays
 * in registers; the x2 variants interleave two lanes group by group. */
static inline __attribute__((always_inline)) void
rounds1(__m128i *s0, __m128i *s1, __m128i m0, __m128i m1, __m128i m2, __m128i m3) {
    __m128i S0 = *s0, S1 = *s1, M0 = m0, M1 = m1, M2 = m2, M3 = m3;
    const __m128i A0 = S0, A1 = S1;
#define ONE(g, c, p, n) GROUP(g, S0, S1, c, p, n);
    ALL_GROUPS(ONE)
#undef ONE
    *s0 = _mm_add_epi32(S0, A0);
    *s1 = _mm_add_epi32(S1, A1);
}

static inline __attribute__((always_inline)) void
rounds2(__m128i *xs0, __m128i *xs1, __m128i xm0, __m128i xm1, __m128i xm2, __m128i xm3,
        __m128i *ys0, __m128i *ys1, __m128i ym0, __m128i ym1, __m128i ym2, __m128i ym3) {
    __m128i XS0 = *xs0, XS1 = *xs1, XM0 = xm0, XM1 = xm1, XM2 = xm2, XM3 = xm3;
    __m128i YS0 = *ys0, YS1 = *ys1, YM0 = ym0, YM1 = ym1, YM2 = ym2, YM3 = ym3;
    const __m128i XA0 = XS0, XA1 = XS1, YA0 = YS0, YA1 = YS1;
#define TWO(g, c, p, n) GROUP(g, XS0, XS1, X##c, X##p, X##n); GROUP(g, YS0, YS1, Y##c, Y##p, Y##n);
    ALL_GROUPS(TWO)
#undef TWO
    *xs0 = _mm_add_epi32(XS0, XA0);
    *xs1 = _mm_add_epi32(XS1, XA1);
    *ys0 = _mm_add_epi32(YS0, YA0);
    *ys1 = _mm_add_epi32(YS1, YA1);
}

static inline __attribute__((always_inline)) void pad64_1(__m128i *s0, __m128i *s1) {
    __m128i S0 = *s0, S1 = *s1;
    const __m128i A0 = S0, A1 = S1;
    for (int g = 0; g < 16; g++) KW_GROUP(g, S0, S1);
    *s0 = _mm_add_epi32(S0, A0);
    *s1 = _mm_add_epi32(S1, A1);
}

static inline __attribute__((always_inline)) void pad64_2(__m128i *xs0, __m128i *xs1, __m128i *ys0, __m128i *ys1) {
    __m128i XS0 = *xs0, XS1 = *xs1, YS0 = *ys0, YS1 = *ys1;
    const __m128i XA0 = XS0, XA1 = XS1, YA0 = YS0, YA1 = YS1;
    for (int g = 0; g < 16; g++) { KW_GROUP(g, XS0, XS1); KW_GROUP(g, YS0, YS1); }
    *xs0 = _mm_add_epi32(XS0, XA0);
    *xs1 = _mm_add_epi32(XS1, XA1);
    *ys0 = _mm_add_epi32(YS0, YA0);
    *ys1 = _mm_add_epi32(YS1, YA1);
}

/* S <- sha256 over the 32-byte digest in S (second half of a double hash) */
static inline __attribute__((always_inline)) void again1(__m128i *s0, __m128i *s1) {
    __m128i w0, w1;
    TO_WORDS(*s0, *s1, w0, w1);
    *s0 = IV_ABEF;
    *s1 = IV_CDGH;
    rounds1(s0, s1, w0, w1, PAD32_M2, PAD32_M3);
}

static inline __attribute__((always_inline)) void again2(__m128i *xs0, __m128i *xs1, __m128i *ys0, __m128i *ys1) {
    __m128i xw0, xw1, yw0, yw1;
    TO_WORDS(*xs0, *xs1, xw0, xw1);
    TO_WORDS(*ys0, *ys1, yw0, yw1);
    *xs0 = IV_ABEF; *xs1 = IV_CDGH; *ys0 = IV_ABEF; *ys1 = IV_CDGH;
    rounds2(xs0, xs1, xw0, xw1, PAD32_M2, PAD32_M3, ys0, ys1, yw0, yw1, PAD32_M2, PAD32_M3);
}

void qsha_fin32_shani(const uint32_t st[8], uint8_t out[32]) {
    __m128i S0, S1;
    LOAD_STATE(st, S0, S1);
    again1(&S0, &S1);
    STORE_DIGEST(out, S0, S1);
}

void qsha_fin32x2_shani(const uint32_t st0[8], uint8_t out0[32], const uint32_t st1[8], uint8_t out1[32]) {
    __m128i X0, X1, Y0, Y1;
    LOAD_STATE(st0, X0, X1);
    LOAD_STATE(st1, Y0, Y1);
    again2(&X0, &X1, &Y0, &Y1);
    STORE_DIGEST(out0, X0, X1);
    STORE_DIGEST(out1, Y0, Y1);
}

void qsha_d64_shani(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]) {
    __m128i S0 = IV_ABEF, S1 = IV_CDGH;
    rounds1(&S0, &S1, LOADW(l), LOADW(l + 16), LOADW(r), LOADW(r + 16));
    pad64_1(&S0, &S1);
    again1(&S0, &S1);
    STORE_DIGEST(out, S0, S1);
}

void qsha_d64x2_shani(const uint8_t l0[32], const uint8_t r0[32], uint8_t o0[32],
                      const uint8_t l1[32], const uint8_t r1[32], uint8_t o1[32]) {
    __m128i X0 = IV_ABEF, X1 = IV_CDGH, Y0 = IV_ABEF, Y1 = IV_CDGH;
    rounds2(&X0, &X1, LOADW(l0), LOADW(l0 + 16), LOADW(r0), LOADW(r0 + 16),
            &Y0, &Y1, LOADW(l1), LOADW(l1 + 16), LOADW(r1), LOADW(r1 + 16));
    pad64_2(&X0, &X1, &Y0, &Y1);
    again2(&X0, &X1, &Y0, &Y1);
    STORE_DIGEST(o0, X0, X1);
    STORE_DIGEST(o1, Y0, Y1);
}

void qsha_d80_shani(const uint8_t h[80], uint8_t out[32]) {
    __m128i S0 = IV_ABEF, S1 = IV_CDGH;
    rounds1(&S0, &S1, LOADW(h), LOADW(h + 16), LOADW(h + 32), LOADW(h + 48));
    rounds1(&S0, &S1, LOADW(h + 64), PAD80_M1, _mm_setzero_si128(), PAD80_M3);
    again1(&S0, &S1);
    STORE_DIGEST(out, S0, S1);
}

void qsha_d80x2_shani(const uint8_t h0[80], uint8_t o0[32], const uint8_t h1[80], uint8_t o1[32]) {
    __m128i X0 = IV_ABEF, X1 = IV_CDGH, Y0 = IV_ABEF, Y1 = IV_CDGH;
    rounds2(&X0, &X1, LOADW(h0), LOADW(h0 + 16), LOADW(h0 + 32), LOADW(h0 + 48),
            &Y0, &Y1, LOADW(h1), LOADW(h1 + 16), LOADW(h1 + 32), LOADW(h1 + 48));
    rounds2(&X0, &X1, LOADW(h0 + 64), PAD80_M1, _mm_setzero_si128(), PAD80_M3,
            &Y0, &Y1, LOADW(h1 + 64), PAD80_M1, _mm_setzero_si128(), PAD80_M3);
    again2(&X0, &X1, &Y0, &Y1);
    STORE_DIGEST(o0, X0, X1);
    STORE_DIGEST(o1, Y0, Y1);
}

/* Header sha256d from the midstate of its first 64 bytes (nonce/ntime scans): two compressions. */
void qsha_d80mid_shani(const uint32_t mid[8], const uint8_t tail16[16], uint8_t out[32]) {
    __m128i S0, S1;
    LOAD_STATE(mid, S0, S1);
    rounds1(&S0, &S1, LOADW(tail16), PAD80_M1, _mm_setzero_si128(), PAD80_M3);
    again1(&S0, &S1);
    STORE_DIGEST(out, S0, S1);
}


/* ---- a whole share on one lane, state kept in registers from the coinbase to the header ----
 * A single share is a chain of ~44 dependent compressions, so its time is the sha256rnds2
 * latency chain; what can go is everything between compressions. The merkle fold passes each
 * level's digest to the next as the message words TO_WORDS already produces (no store, reload
 * and byte swap), and the coinbase blocks never convert the state back to a..h. */
void qsha_share1_shani(const uint8_t *job, const uint8_t *share, uint8_t *out) {
    qsha_cbstream cs;
    uint8_t blk[64];
    __m128i S0, S1, r0, r1;
    qsha_cbstream_init(&cs, job, share);
    qsha_header_init(job, share, out + QSHA_OUT_HEADER);
    {
        uint32_t mid[8];
        memcpy(mid, job + QSHA_JOB_MIDSTATE, 32);
        LOAD_STATE(mid, S0, S1);
    }
    for (size_t k = 0; k < cs.nblocks; k++) {
        qsha_cbstream_block(&cs, k, blk);
        rounds1(&S0, &S1, LOADW(blk), LOADW(blk + 16), LOADW(blk + 32), LOADW(blk + 48));
    }
    again1(&S0, &S1);
    TO_WORDS(S0, S1, r0, r1);
    _mm_storeu_si128((__m128i *)(out + QSHA_OUT_TXID), _mm_shuffle_epi8(r0, BSWAP_MASK));
    _mm_storeu_si128((__m128i *)(out + QSHA_OUT_TXID + 16), _mm_shuffle_epi8(r1, BSWAP_MASK));
    for (uint32_t lv = 0; lv < cs.nbranch; lv++) {
        const uint8_t *br = cs.branch + 32 * (size_t)lv;
        S0 = IV_ABEF;
        S1 = IV_CDGH;
        rounds1(&S0, &S1, r0, r1, LOADW(br), LOADW(br + 16));
        pad64_1(&S0, &S1);
        again1(&S0, &S1);
        TO_WORDS(S0, S1, r0, r1);
    }
    r0 = _mm_shuffle_epi8(r0, BSWAP_MASK);
    r1 = _mm_shuffle_epi8(r1, BSWAP_MASK);
    _mm_storeu_si128((__m128i *)(out + QSHA_OUT_ROOT), r0);
    _mm_storeu_si128((__m128i *)(out + QSHA_OUT_ROOT + 16), r1);
    uint8_t *h = out + QSHA_OUT_HEADER;
    _mm_storeu_si128((__m128i *)(h + 36), r0);
    _mm_storeu_si128((__m128i *)(h + 52), r1);
    S0 = IV_ABEF;
    S1 = IV_CDGH;
    rounds1(&S0, &S1, LOADW(h), LOADW(h + 16), LOADW(h + 32), LOADW(h + 48));
    rounds1(&S0, &S1, LOADW(h + 64), PAD80_M1, _mm_setzero_si128(), PAD80_M3);
    again1(&S0, &S1);
    STORE_DIGEST(out + QSHA_OUT_HASH, S0, S1);
}

#pragma GCC pop_options
#endif
