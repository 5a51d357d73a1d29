-- Quarry share-accounting schema. ONE schema for SQLite and PostgreSQL: only portable constructs
-- (VARCHAR, BIGINT, INTEGER, DOUBLE PRECISION, BOOLEAN, primary/unique keys, INSERT .. ON CONFLICT).
-- Ids are assigned by the application (no SERIAL / AUTOINCREMENT, which differ between the two).
-- Money columns are BIGINT satoshis. Exact rationals (difficulty sums, carried remainders) are
-- stored as decimal text "numerator/denominator" or plain decimal text, never as floating point.

CREATE TABLE holder (
    id              VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    payout_address  VARCHAR(100) NOT NULL,
    network         VARCHAR(16)  NOT NULL,
    created_ms      BIGINT       NOT NULL
);

-- hashrate_mths: contracted hashrate in milli-TH/s (fixed point, 3 decimals of TH/s = GH/s).
CREATE TABLE contract (
    id                      VARCHAR(64) PRIMARY KEY,
    holder_id               VARCHAR(64) NOT NULL REFERENCES holder(id),
    hashrate_mths           BIGINT      NOT NULL,
    start_ms                BIGINT      NOT NULL,
    end_ms                  BIGINT      NOT NULL,
    price_paid_sat          BIGINT      NOT NULL,
    maintenance_fee_sat     BIGINT      NOT NULL,
    kind                    VARCHAR(16) NOT NULL,
    status                  VARCHAR(16) NOT NULL,
    created_ms              BIGINT      NOT NULL
);
CREATE INDEX contract_holder_idx ON contract(holder_id);

-- Every hashrate change of a contract (creation, reinvest), for audit.
CREATE TABLE contract_hashrate_change (
    id              VARCHAR(64) PRIMARY KEY,
    contract_id     VARCHAR(64) NOT NULL REFERENCES contract(id),
    delta_mths      BIGINT      NOT NULL,
    reason          VARCHAR(32) NOT NULL,
    reference       VARCHAR(128),
    created_ms      BIGINT      NOT NULL
);

-- The share journal. header_hash (64 lower-case hex, internal byte order) is the unique id.
-- seq is assigned by the single journal writer in commit order; settlement credits by seq ranges.
CREATE TABLE accepted_share (
    header_hash         VARCHAR(64)      PRIMARY KEY,
    seq                 BIGINT           NOT NULL,
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
CREATE UNIQUE INDEX share_seq_idx ON accepted_share(seq);
CREATE INDEX share_time_idx ON accepted_share(time_ms);

-- Per-contract per-hour aggregates of rolled-up shares, kept forever. One row per
-- (contract, hour, nBits, height, settlement) so that the exact difficulty sum behind every
-- settlement credit stays reproducible after the individual shares are deleted.
CREATE TABLE share_hour (
    contract_id         VARCHAR(64)  NOT NULL,
    hour_ms             BIGINT       NOT NULL,
    n_bits              BIGINT       NOT NULL,
    height              BIGINT       NOT NULL,
    settlement_id       BIGINT       NOT NULL,
    share_count         BIGINT       NOT NULL,
    difficulty_sum      VARCHAR(400) NOT NULL,
    blocks_found        BIGINT       NOT NULL,
    min_seq             BIGINT       NOT NULL,
    max_seq             BIGINT       NOT NULL,
    PRIMARY KEY (contract_id, hour_ms, n_bits, height, settlement_id)
);

-- One row per closed settlement period. Shares with seq in (seq_from, seq_to] were credited here.
CREATE TABLE settlement (
    id              BIGINT      PRIMARY KEY,
    period_start_ms BIGINT      NOT NULL,
    period_end_ms   BIGINT      NOT NULL,
    seq_from        BIGINT      NOT NULL,
    seq_to          BIGINT      NOT NULL,
    scheme          VARCHAR(8)  NOT NULL,
    fee_bps         INTEGER     NOT NULL,
    expected_fees   VARCHAR(400) NOT NULL,
    closed_ms       BIGINT      NOT NULL,
    UNIQUE (period_start_ms)
);

-- The exact basis of each credit: per settlement, account (contract or farm), nBits and height era.
CREATE TABLE credit_basis (
    settlement_id   BIGINT       NOT NULL REFERENCES settlement(id),
    contract_id     VARCHAR(64)  NOT NULL,
    n_bits          BIGINT       NOT NULL,
    subsidy_sat     BIGINT       NOT NULL,
    share_count     BIGINT       NOT NULL,
    difficulty_sum  VARCHAR(400) NOT NULL,
    PRIMARY KEY (settlement_id, contract_id, n_bits, subsidy_sat)
);

-- Append-only per-contract outcome of each settlement; the latest row carries the exact
-- remainders (rationals "num/den", in satoshis, each in [0, 1)) into the next period.
CREATE TABLE contract_settlement (
    settlement_id       BIGINT       NOT NULL REFERENCES settlement(id),
    contract_id         VARCHAR(64)  NOT NULL,
    pps_credit_sat      BIGINT       NOT NULL,
    fee_credit_sat      BIGINT       NOT NULL,
    pooled_credit_sat   BIGINT       NOT NULL,
    maintenance_sat     BIGINT       NOT NULL,
    net_sat             BIGINT       NOT NULL,
    pps_carry           VARCHAR(800) NOT NULL,
    fee_carry           VARCHAR(800) NOT NULL,
    maintenance_carry   VARCHAR(800) NOT NULL,
    unprofitable_streak INTEGER      NOT NULL,
    status_after        VARCHAR(16)  NOT NULL,
    PRIMARY KEY (settlement_id, contract_id)
);

-- Append-only double-entry ledger: the entries of one txn_id sum to zero. Balances are sums.
CREATE TABLE ledger_entry (
    id              VARCHAR(64)  PRIMARY KEY,
    txn_id          VARCHAR(64)  NOT NULL,
    account         VARCHAR(128) NOT NULL,
    amount_sat      BIGINT       NOT NULL,
    kind            VARCHAR(24)  NOT NULL,
    contract_id     VARCHAR(64),
    ref_type        VARCHAR(24)  NOT NULL,
    ref_id          VARCHAR(128) NOT NULL,
    created_ms      BIGINT       NOT NULL
);
CREATE INDEX ledger_entry_account_idx ON ledger_entry(account);
CREATE INDEX ledger_entry_txn_idx ON ledger_entry(txn_id);

-- Blocks found / seen with their transaction fees, the FPPS expected-fee window.
CREATE TABLE block_fee (
    height          BIGINT      PRIMARY KEY,
    fees_sat        BIGINT      NOT NULL,
    time_ms         BIGINT      NOT NULL
);

-- Payout intents: recorded (and the balance debited) BEFORE anything is sent.
CREATE TABLE payout (
    id              VARCHAR(64)  PRIMARY KEY,
    holder_id       VARCHAR(64)  NOT NULL REFERENCES holder(id),
    idempotency_key VARCHAR(200) NOT NULL,
    request_digest  VARCHAR(64)  NOT NULL,
    amount_sat      BIGINT       NOT NULL,
    address         VARCHAR(100) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    txid            VARCHAR(64),
    error           VARCHAR(400),
    created_ms      BIGINT       NOT NULL,
    UNIQUE (holder_id, idempotency_key)
);

-- Reinvest requests, idempotent like payouts.
CREATE TABLE reinvest (
    id              VARCHAR(64)  PRIMARY KEY,
    holder_id       VARCHAR(64)  NOT NULL REFERENCES holder(id),
    contract_id     VARCHAR(64)  NOT NULL REFERENCES contract(id),
    idempotency_key VARCHAR(200) NOT NULL,
    request_digest  VARCHAR(64)  NOT NULL,
    amount_sat      BIGINT       NOT NULL,
    added_mths      BIGINT       NOT NULL,
    created_ms      BIGINT       NOT NULL,
    UNIQUE (holder_id, idempotency_key)
);
