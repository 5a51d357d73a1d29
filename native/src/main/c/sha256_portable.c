/* Portable SHA-256 compression (FIPS 180-4), used when the CPU has no SHA extensions. */
#include <string.h>
#include "qsha.h"

const uint32_t QSHA_IV[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u
};

static const uint32_t K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

void qsha_compress_portable(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) w[i] = load_be32(block + 4 * i);
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void qsha_compress2_portable(uint32_t s0[8], const uint8_t b0[64], uint32_t s1[8], const uint8_t b1[64]) {
    qsha_compress_portable(s0, b0);
    qsha_compress_portable(s1, b1);
}

/* ---- fused steps, composed from single compressions ------------------------------------ */

static void state_bytes(const uint32_t st[8], uint8_t out[32]) {
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(st[i] >> 24);
        out[4 * i + 1] = (uint8_t)(st[i] >> 16);
        out[4 * i + 2] = (uint8_t)(st[i] >> 8);
        out[4 * i + 3] = (uint8_t)st[i];
    }
}

void qsha_fin32_portable(const uint32_t st[8], uint8_t out[32]) {
    uint8_t b[64] = {0};
    uint32_t s[8];
    state_bytes(st, b);
    b[32] = 0x80;
    b[62] = 0x01;
    memcpy(s, QSHA_IV, 32);
    qsha_compress_portable(s, b);
    state_bytes(s, out);
}

void qsha_fin32x2_portable(const uint32_t st0[8], uint8_t out0[32], const uint32_t st1[8], uint8_t out1[32]) {
    qsha_fin32_portable(st0, out0);
    qsha_fin32_portable(st1, out1);
}

void qsha_d64_portable(const uint8_t l[32], const uint8_t r[32], uint8_t out[32]) {
    uint8_t b[64];
    uint32_t s[8];
    memcpy(b, l, 32);
    memcpy(b + 32, r, 32);
    memcpy(s, QSHA_IV, 32);
    qsha_compress_portable(s, b);
    memset(b, 0, 64);
    b[0] = 0x80;
    b[62] = 0x02;
    qsha_compress_portable(s, b);
    qsha_fin32_portable(s, out);
}

void qsha_d64x2_portable(const uint8_t l0[32], const uint8_t r0[32], uint8_t o0[32],
                         const uint8_t l1[32], const uint8_t r1[32], uint8_t o1[32]) {
    qsha_d64_portable(l0, r0, o0);
    qsha_d64_portable(l1, r1, o1);
}

void qsha_d80_portable(const uint8_t h[80], uint8_t out[32]) {
    uint8_t b[64] = {0};
    uint32_t s[8];
    memcpy(s, QSHA_IV, 32);
    qsha_compress_portable(s, h);
    memcpy(b, h + 64, 16);
    b[16] = 0x80;
    b[62] = 0x02;
    b[63] = 0x80;
    qsha_compress_portable(s, b);
    qsha_fin32_portable(s, out);
}

void qsha_d80x2_portable(const uint8_t h0[80], uint8_t o0[32], const uint8_t h1[80], uint8_t o1[32]) {
    qsha_d80_portable(h0, o0);
    qsha_d80_portable(h1, o1);
}
