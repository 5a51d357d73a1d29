-- The share table is keyed by seq, and header_hash is no longer unique in the database.
--
-- Why: a header hash is random, so a unique index on it takes every insert on a different page.
-- Once the table outgrows memory each stored share costs a page read and a page write, and at
-- 20k shares/s that index was most of the database's work (and of the disk traffic that delayed
-- the journal log's syncs). Keyed by seq, inserts are appends.
--
-- Nothing loses its guarantee: a resubmitted share is refused before it reaches the journal (the
-- Stratum server remembers the hashes of every live job), and the journal's log replay after a
-- crash skips what the database already holds by log position (journal_log_position below).
CREATE TABLE accepted_share_v2 (
    seq                 BIGINT           PRIMARY KEY,
    header_hash         VARCHAR(64)      NOT NULL,
    time_ms             BIGINT           NOT NULL,
    contract_id         VARCHAR(64)      NOT NULL,
    worker              VARCHAR(200)     NOT NULL,
    job_id              VARCHAR(64)      NOT NULL,
    share_target        VARCHAR(64)      NOT NULL,
    difficulty          DOUBLE PRECISION NOT NULL,
    achieved_difficulty DOUBLE PRECISION NOT NULL,
    n_bits              BIGINT           NOT NULL,
    height              BIGINT           NOT NULL,
    block_found         BOOLEAN          NOT NULL
);
INSERT INTO accepted_share_v2 (seq, header_hash, time_ms, contract_id, worker, job_id, share_target, difficulty,
                               achieved_difficulty, n_bits, height, block_found)
    SELECT seq, header_hash, time_ms, contract_id, worker, job_id, share_target, difficulty,
           achieved_difficulty, n_bits, height, block_found
    FROM accepted_share;
DROP TABLE accepted_share;
ALTER TABLE accepted_share_v2 RENAME TO accepted_share;
CREATE INDEX share_time_idx ON accepted_share(time_ms);

-- The journal log position (segment << 32 | byte offset after the record) up to which the logged
-- shares are stored; updated in the same transaction as the shares it covers.
CREATE TABLE journal_log_position (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    applied BIGINT  NOT NULL
);
INSERT INTO journal_log_position (id, applied) VALUES (1, 0);
