/*
 * Whole-share validation: coinbase = coinb1|en1|en2|coinb2 (from the coinb1 midstate), txid,
 * merkle fold, 80-byte header with the share's version/ntime/nonce, sha256d. Shares are run
 * as lanes; two lanes go through the two-way interleaved compression together.
 */
#include <string.h>
#include "qsha.h"

/* ---- small byte helpers ---------------------------------------------------------------- */

static inline uint32_t rd_le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void state_to_bytes(const uint32_t st[8], uint8_t out[32]) {
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(st[i] >> 24);
        out[4 * i + 1] = (uint8_t)(st[i] >> 16);
        out[4 * i + 2] = (uint8_t)(st[i] >> 8);
        out[4 * i + 3] = (uint8_t)st[i];
    }
}

/* Padding that follows a 32-byte message in its single block (length 256 bits). */
static const uint8_t PAD_AFTER_32[32] = { 0x80, [30] = 0x01, [31] = 0x00 };
/* Padding that follows the 16 header bytes in the header's second block (640 bits). */
static const uint8_t PAD_AFTER_16[48] = { 0x80, [46] = 0x02, [47] = 0x80 };

/* ---- plain hashes ----------------------------------------------------------------------- */

void qsha_sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
    uint32_t st[8];
    uint8_t blk[64];
    memcpy(st, QSHA_IV, sizeof st);
    size_t off = 0;
    for (; len - off >= 64; off += 64) qsha_compress1(st, data + off);
    size_t rem = len - off;
    memset(blk, 0, sizeof blk);
    if (rem) memcpy(blk, data + off, rem);
    blk[rem] = 0x80;
    if (rem >= 56) {
        qsha_compress1(st, blk);
        memset(blk, 0, sizeof blk);
    }
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) blk[63 - i] = (uint8_t)(bits >> (8 * i));
    qsha_compress1(st, blk);
    state_to_bytes(st, out);
}

void qsha_sha256d(const uint8_t *data, size_t len, uint8_t out[32]) {
    uint8_t first[32];
    qsha_sha256(data, len, first);
    qsha_sha256(first, 32, out);
}

static inline void second_hash(uint32_t st[8], uint8_t blk[64]) {
    state_to_bytes(st, blk);
    memcpy(blk + 32, PAD_AFTER_32, 32);
    memcpy(st, QSHA_IV, 32);
}

void qsha_sha256d80_mid(const uint32_t mid[8], const uint8_t tail16[16], uint8_t out[32]) {
#if defined(QSHA_HAVE_X86)
    if (qsha_engine() == QSHA_ENGINE_SHANI) {
        qsha_d80mid_shani(mid, tail16, out);
        return;
    }
#endif
    uint32_t st[8];
    uint8_t blk[64];
    memcpy(st, mid, 32);
    memcpy(blk, tail16, 16);
    memcpy(blk + 16, PAD_AFTER_16, 48);
    qsha_compress1(st, blk);
    second_hash(st, blk);
    qsha_compress1(st, blk);
    state_to_bytes(st, out);
}

void qsha_sha256d80_mid_x2(const uint32_t mid[8], const uint8_t tail_a[16], const uint8_t tail_b[16],
                           uint8_t out_a[32], uint8_t out_b[32]) {
    uint32_t sa[8], sb[8];
    uint8_t ba[64], bb[64];
    memcpy(sa, mid, 32);
    memcpy(sb, mid, 32);
    memcpy(ba, tail_a, 16);
    memcpy(ba + 16, PAD_AFTER_16, 48);
    memcpy(bb, tail_b, 16);
    memcpy(bb + 16, PAD_AFTER_16, 48);
    qsha_compress2(sa, ba, sb, bb);
    second_hash(sa, ba);
    second_hash(sb, bb);
    qsha_compress2(sa, ba, sb, bb);
    state_to_bytes(sa, out_a);
    state_to_bytes(sb, out_b);
}

void qsha_sha256d80(const uint8_t header[80], uint8_t out[32]) {
    qsha_d80(header, out);
}

/* ---- record checks ---------------------------------------------------------------------- */

/* Coinbase and branch limits keep all size arithmetic far from overflow. */
#define MAX_COINB_PART (1u << 20)
#define MAX_BRANCH 64u

int qsha_job_check(const uint8_t *job, size_t len) {
    if (job == NULL || len < QSHA_JOB_DATA) return QSHA_ERR_JOB;
    uint32_t c1 = rd_le32(job + QSHA_JOB_C1LEN), c2 = rd_le32(job + QSHA_JOB_C2LEN);
    uint32_t nb = rd_le32(job + QSHA_JOB_NBRANCH), mid = rd_le32(job + QSHA_JOB_MIDLEN);
    if (c1 > MAX_COINB_PART || c2 > MAX_COINB_PART || nb > MAX_BRANCH) return QSHA_ERR_JOB;
    if (mid % 64 != 0 || mid > c1) return QSHA_ERR_JOB;
    if (qsha_job_size(c1, c2, nb) != len) return QSHA_ERR_JOB;
    return QSHA_OK;
}

int qsha_job_prepare(uint8_t *job, size_t len) {
    if (job == NULL || len < QSHA_JOB_DATA) return QSHA_ERR_JOB;
    uint32_t c1 = rd_le32(job + QSHA_JOB_C1LEN);
    uint32_t mid = (c1 / 64) * 64;
    job[QSHA_JOB_MIDLEN] = (uint8_t)mid;
    job[QSHA_JOB_MIDLEN + 1] = (uint8_t)(mid >> 8);
    job[QSHA_JOB_MIDLEN + 2] = (uint8_t)(mid >> 16);
    job[QSHA_JOB_MIDLEN + 3] = (uint8_t)(mid >> 24);
    int rc = qsha_job_check(job, len);
    if (rc != QSHA_OK) return rc;
    uint32_t st[8];
    memcpy(st, QSHA_IV, 32);
    for (uint32_t off = 0; off < mid; off += 64) qsha_compress1(st, job + QSHA_JOB_DATA + off);
    memcpy(job + QSHA_JOB_MIDSTATE, st, 32);
    return QSHA_OK;
}

static int share_check(const uint8_t *share, size_t len) {
    if (share == NULL || len < QSHA_SHARE_DATA) return QSHA_ERR_SHARE;
    uint32_t e1 = rd_le32(share + QSHA_SHARE_EN1LEN), e2 = rd_le32(share + QSHA_SHARE_EN2LEN);
    if (e1 > QSHA_SHARE_MAX_EN || e2 > QSHA_SHARE_MAX_EN) return QSHA_ERR_SHARE;
    if (qsha_share_size(e1, e2) != len) return QSHA_ERR_SHARE;
    return QSHA_OK;
}

/* ---- coinbase stream and header (shared with the 16-lane AVX-512 path) ------------------ */

void qsha_cbstream_init(qsha_cbstream *cs, const uint8_t *job, const uint8_t *share) {
    uint32_t c1 = rd_le32(job + QSHA_JOB_C1LEN), c2 = rd_le32(job + QSHA_JOB_C2LEN);
    uint32_t mid = rd_le32(job + QSHA_JOB_MIDLEN);
    uint32_t e1 = rd_le32(share + QSHA_SHARE_EN1LEN), e2 = rd_le32(share + QSHA_SHARE_EN2LEN);
    const uint8_t *coinb1 = job + QSHA_JOB_DATA;
    cs->seg[0] = coinb1 + mid;                   cs->seglen[0] = c1 - mid;
    cs->seg[1] = share + QSHA_SHARE_DATA;        cs->seglen[1] = e1;
    cs->seg[2] = share + QSHA_SHARE_DATA + e1;   cs->seglen[2] = e2;
    cs->seg[3] = coinb1 + c1;                    cs->seglen[3] = c2;
    cs->len = (size_t)(c1 - mid) + e1 + e2 + c2;
    cs->bits = ((uint64_t)c1 + e1 + e2 + c2) * 8;
    cs->nblocks = (cs->len + 9 + 63) / 64;
    cs->branch = coinb1 + c1 + c2;
    cs->nbranch = rd_le32(job + QSHA_JOB_NBRANCH);
}

/* Block k of the coinbase remainder (message bytes, 0x80, zeros, 64-bit length). */
void qsha_cbstream_block(const qsha_cbstream *cs, size_t k, uint8_t b[64]) {
    size_t start = k * 64, end = start + 64, pos = 0;
    memset(b, 0, 64);
    for (int s = 0; s < 4; s++) {
        size_t a = pos, z = pos + cs->seglen[s];
        pos = z;
        if (z <= start || a >= end) continue;
        size_t from = a > start ? a : start, to = z < end ? z : end;
        memcpy(b + (from - start), cs->seg[s] + (from - a), to - from);
    }
    if (cs->len >= start && cs->len < end) b[cs->len - start] = 0x80;
    if (k == cs->nblocks - 1)
        for (int i = 0; i < 8; i++) b[63 - i] = (uint8_t)(cs->bits >> (8 * i));
}

void qsha_header_init(const uint8_t *job, const uint8_t *share, uint8_t h[80]) {
    memcpy(h, share + QSHA_SHARE_VERSION, 4);
    memcpy(h + 4, job + QSHA_JOB_PREVHASH, 32);
    /* merkle root at h+36 is written when known */
    memcpy(h + 68, share + QSHA_SHARE_NTIME, 4);
    memcpy(h + 72, job + QSHA_JOB_BITS, 4);
    memcpy(h + 76, share + QSHA_SHARE_NONCE, 4);
}

/* ---- lanes -------------------------------------------------------------------------------- */

typedef struct {
    qsha_cbstream cb;
    uint8_t *out;
    uint32_t st[8];
    const uint8_t *bp;  /* block the next compression reads */
    uint8_t blk[64];
} lane;

static void lane_init(lane *l, const uint8_t *job, const uint8_t *share, uint8_t *out) {
    qsha_cbstream_init(&l->cb, job, share);
    l->out = out;
    memcpy(l->st, job + QSHA_JOB_MIDSTATE, 32);
    qsha_header_init(job, share, out + QSHA_OUT_HEADER);
}

static void coinbase_block(lane *l, size_t k) {
    qsha_cbstream_block(&l->cb, k, l->blk);
    l->bp = l->blk;
}

static inline void compress_lanes(lane **act, int n) {
    if (n == 2) qsha_compress2(act[0]->st, act[0]->bp, act[1]->st, act[1]->bp);
    else if (n == 1) qsha_compress1(act[0]->st, act[0]->bp);
}

/* Runs n (1 or 2) lanes through the whole share; lanes with fewer blocks or levels drop out
 * of the interleaving and the others continue alone. */
static void run_lanes(lane *L, int n) {
    lane *act[2];
    int na;

    size_t maxb = 0;
    for (int i = 0; i < n; i++) if (L[i].cb.nblocks > maxb) maxb = L[i].cb.nblocks;
    for (size_t k = 0; k < maxb; k++) {
        na = 0;
        for (int i = 0; i < n; i++)
            if (k < L[i].cb.nblocks) { coinbase_block(&L[i], k); act[na++] = &L[i]; }
        compress_lanes(act, na);
    }
    if (n == 2) qsha_fin32x2(L[0].st, L[0].out + QSHA_OUT_TXID, L[1].st, L[1].out + QSHA_OUT_TXID);
    else qsha_fin32(L[0].st, L[0].out + QSHA_OUT_TXID);
    for (int i = 0; i < n; i++) memcpy(L[i].out + QSHA_OUT_ROOT, L[i].out + QSHA_OUT_TXID, 32);

    uint32_t common = n == 2 ? (L[0].cb.nbranch < L[1].cb.nbranch ? L[0].cb.nbranch : L[1].cb.nbranch) : 0;
    uint8_t *r0 = L[0].out + QSHA_OUT_ROOT, *r1 = n == 2 ? L[1].out + QSHA_OUT_ROOT : NULL;
    for (uint32_t lv = 0; lv < common; lv++)
        qsha_d64x2(r0, L[0].cb.branch + 32 * (size_t)lv, r0, r1, L[1].cb.branch + 32 * (size_t)lv, r1);
    for (int i = 0; i < n; i++) {
        uint8_t *r = L[i].out + QSHA_OUT_ROOT;
        for (uint32_t lv = common; lv < L[i].cb.nbranch; lv++) qsha_d64(r, L[i].cb.branch + 32 * (size_t)lv, r);
        memcpy(L[i].out + QSHA_OUT_HEADER + 36, r, 32);
    }

    if (n == 2)
        qsha_d80x2(L[0].out + QSHA_OUT_HEADER, L[0].out + QSHA_OUT_HASH, L[1].out + QSHA_OUT_HEADER, L[1].out + QSHA_OUT_HASH);
    else
        qsha_d80(L[0].out + QSHA_OUT_HEADER, L[0].out + QSHA_OUT_HASH);
}

int qsha_validate(const uint8_t *job, size_t job_len, const uint8_t *share, size_t share_len,
                  uint8_t out[QSHA_OUT_SIZE]) {
    int rc = qsha_job_check(job, job_len);
    if (rc != QSHA_OK) return rc;
    rc = share_check(share, share_len);
    if (rc != QSHA_OK) return rc;
    if (qsha_share1 != NULL) {
        qsha_share1(job, share, out);
        return QSHA_OK;
    }
    lane l;
    lane_init(&l, job, share, out);
    run_lanes(&l, 1);
    return QSHA_OK;
}

int qsha_validate_batch(const qsha_batch_entry *e, size_t n, size_t *bad_index) {
    /* validate what precedes a bad entry, then report it */
    int rc = QSHA_OK;
    for (size_t i = 0; i < n; i++) {
        rc = qsha_job_check(e[i].job, e[i].job_len);
        if (rc == QSHA_OK) rc = share_check(e[i].share, e[i].share_len);
        if (rc != QSHA_OK) {
            if (bad_index != NULL) *bad_index = i;
            n = i;
            break;
        }
    }
    size_t k = 0;
    lane L[2];
    if (qsha_run16 != NULL) {
        /* sixteen lanes at a time; a remainder of 9+ shares still beats pairs on SHA-NI */
        const uint8_t *jobs[16], *shares[16];
        uint8_t *outs[16];
        while (n - k >= 9) {
            int m = n - k >= 16 ? 16 : (int)(n - k);
            for (int i = 0; i < m; i++) { jobs[i] = e[k + i].job; shares[i] = e[k + i].share; outs[i] = e[k + i].out; }
            qsha_run16(jobs, shares, outs, m);
            k += (size_t)m;
        }
    }
    for (; k + 1 < n; k += 2) {
        lane_init(&L[0], e[k].job, e[k].share, e[k].out);
        lane_init(&L[1], e[k + 1].job, e[k + 1].share, e[k + 1].out);
        run_lanes(L, 2);
    }
    if (k < n) {
        lane_init(&L[0], e[k].job, e[k].share, e[k].out);
        run_lanes(L, 1);
    }
    return rc;
}
