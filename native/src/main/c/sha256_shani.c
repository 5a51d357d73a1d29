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

#pragma GCC pop_options
#endif
