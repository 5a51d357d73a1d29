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
/* The whole second block of a 64-byte message (length 512 bits). */
static const uint8_t PAD_BLOCK_64[64] = { 0x80, [62] = 0x02, [63] = 0x00 };
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
    uint32_t mid[8];
    memcpy(mid, QSHA_IV, 32);
    qsha_compress1(mid, header);
    qsha_sha256d80_mid(mid, header + 64, out);
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

/* ---- lanes -------------------------------------------------------------------------------- */

typedef struct {
    /* the coinbase bytes after the midstate, as up to four segments */
    const uint8_t *seg[4];
    size_t seglen[4];
    size_t len;         /* bytes after the midstate */
    uint64_t bits;      /* whole coinbase length in bits */
    size_t nblocks;     /* compressions needed for the rest of the coinbase incl. padding */
    const uint8_t *branch;
    uint32_t nbranch;
    uint8_t *out;
    uint32_t st[8];
    const uint8_t *bp;  /* block the next compression reads */
    uint8_t blk[64];
} lane;

static void lane_init(lane *l, const uint8_t *job, const uint8_t *share, uint8_t *out) {
    uint32_t c1 = rd_le32(job + QSHA_JOB_C1LEN), c2 = rd_le32(job + QSHA_JOB_C2LEN);
    uint32_t mid = rd_le32(job + QSHA_JOB_MIDLEN);
    uint32_t e1 = rd_le32(share + QSHA_SHARE_EN1LEN), e2 = rd_le32(share + QSHA_SHARE_EN2LEN);
    const uint8_t *coinb1 = job + QSHA_JOB_DATA;
    l->seg[0] = coinb1 + mid;                   l->seglen[0] = c1 - mid;
    l->seg[1] = share + QSHA_SHARE_DATA;        l->seglen[1] = e1;
    l->seg[2] = share + QSHA_SHARE_DATA + e1;   l->seglen[2] = e2;
    l->seg[3] = coinb1 + c1;                    l->seglen[3] = c2;
    l->len = (size_t)(c1 - mid) + e1 + e2 + c2;
    l->bits = ((uint64_t)c1 + e1 + e2 + c2) * 8;
    l->nblocks = (l->len + 9 + 63) / 64;
    l->branch = coinb1 + c1 + c2;
    l->nbranch = rd_le32(job + QSHA_JOB_NBRANCH);
    l->out = out;
    memcpy(l->st, job + QSHA_JOB_MIDSTATE, 32);

    uint8_t *h = out + QSHA_OUT_HEADER;
    memcpy(h, share + QSHA_SHARE_VERSION, 4);
    memcpy(h + 4, job + QSHA_JOB_PREVHASH, 32);
    /* merkle root at h+36 is written when known */
    memcpy(h + 68, share + QSHA_SHARE_NTIME, 4);
    memcpy(h + 72, job + QSHA_JOB_BITS, 4);
    memcpy(h + 76, share + QSHA_SHARE_NONCE, 4);
}

/* Block k of the coinbase remainder (message bytes, 0x80, zeros, 64-bit length). */
static void coinbase_block(lane *l, size_t k) {
    uint8_t *b = l->blk;
    size_t start = k * 64, end = start + 64, pos = 0;
    memset(b, 0, 64);
    for (int s = 0; s < 4; s++) {
        size_t a = pos, z = pos + l->seglen[s];
        pos = z;
        if (z <= start || a >= end) continue;
        size_t from = a > start ? a : start, to = z < end ? z : end;
        memcpy(b + (from - start), l->seg[s] + (from - a), to - from);
    }
    if (l->len >= start && l->len < end) b[l->len - start] = 0x80;
    if (k == l->nblocks - 1)
        for (int i = 0; i < 8; i++) b[63 - i] = (uint8_t)(l->bits >> (8 * i));
    l->bp = b;
}

static inline void compress_lanes(lane **act, int n) {
    if (n == 2) qsha_compress2(act[0]->st, act[0]->bp, act[1]->st, act[1]->bp);
    else if (n == 1) qsha_compress1(act[0]->st, act[0]->bp);
}

static inline void start_hash(lane *l, const uint8_t *block) {
    memcpy(l->st, QSHA_IV, 32);
    l->bp = block;
}

/* Runs n (1 or 2) lanes through the whole share; lanes with fewer blocks or levels drop out
 * of the interleaving and the others continue alone. */
static void run_lanes(lane *L, int n) {
    lane *act[2];
    int na;

    size_t maxb = 0;
    for (int i = 0; i < n; i++) if (L[i].nblocks > maxb) maxb = L[i].nblocks;
    for (size_t k = 0; k < maxb; k++) {
        na = 0;
        for (int i = 0; i < n; i++)
            if (k < L[i].nblocks) { coinbase_block(&L[i], k); act[na++] = &L[i]; }
        compress_lanes(act, na);
    }
    for (int i = 0; i < n; i++) { second_hash(L[i].st, L[i].blk); L[i].bp = L[i].blk; act[i] = &L[i]; }
    compress_lanes(act, n);
    for (int i = 0; i < n; i++) {
        state_to_bytes(L[i].st, L[i].out + QSHA_OUT_TXID);
        memcpy(L[i].out + QSHA_OUT_ROOT, L[i].out + QSHA_OUT_TXID, 32);
    }

    uint32_t maxl = 0;
    for (int i = 0; i < n; i++) if (L[i].nbranch > maxl) maxl = L[i].nbranch;
    for (uint32_t lv = 0; lv < maxl; lv++) {
        na = 0;
        for (int i = 0; i < n; i++) {
            if (lv >= L[i].nbranch) continue;
            lane *l = &L[i];
            memcpy(l->blk, l->out + QSHA_OUT_ROOT, 32);
            memcpy(l->blk + 32, l->branch + 32 * (size_t)lv, 32);
            start_hash(l, l->blk);
            act[na++] = l;
        }
        compress_lanes(act, na);
        for (int i = 0; i < na; i++) act[i]->bp = PAD_BLOCK_64;
        compress_lanes(act, na);
        for (int i = 0; i < na; i++) { second_hash(act[i]->st, act[i]->blk); act[i]->bp = act[i]->blk; }
        compress_lanes(act, na);
        for (int i = 0; i < na; i++) state_to_bytes(act[i]->st, act[i]->out + QSHA_OUT_ROOT);
    }

    for (int i = 0; i < n; i++) {
        uint8_t *h = L[i].out + QSHA_OUT_HEADER;
        memcpy(h + 36, L[i].out + QSHA_OUT_ROOT, 32);
        start_hash(&L[i], h);
        act[i] = &L[i];
    }
    compress_lanes(act, n);
    for (int i = 0; i < n; i++) {
        memcpy(L[i].blk, L[i].out + QSHA_OUT_HEADER + 64, 16);
        memcpy(L[i].blk + 16, PAD_AFTER_16, 48);
        L[i].bp = L[i].blk;
    }
    compress_lanes(act, n);
    for (int i = 0; i < n; i++) { second_hash(L[i].st, L[i].blk); L[i].bp = L[i].blk; }
    compress_lanes(act, n);
    for (int i = 0; i < n; i++) state_to_bytes(L[i].st, L[i].out + QSHA_OUT_HASH);
}

int qsha_validate(const uint8_t *job, size_t job_len, const uint8_t *share, size_t share_len,
                  uint8_t out[QSHA_OUT_SIZE]) {
    int rc = qsha_job_check(job, job_len);
    if (rc != QSHA_OK) return rc;
    rc = share_check(share, share_len);
    if (rc != QSHA_OK) return rc;
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
