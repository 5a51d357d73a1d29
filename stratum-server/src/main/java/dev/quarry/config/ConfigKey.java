package dev.quarry.config;

import java.util.Locale;

/**
 * Every configuration key Quarry knows, with its default and a one-line description. The YAML
 * file, the environment ({@code QUARRY_} + key upper-cased, '.' and '-' as '_') and the command
 * line all address these keys; {@code quarry config-keys} prints this table and docs/operations.md
 * lists it (OpsConfigKeysTest checks both).
 */
public enum ConfigKey {
    DATA_DIR("data-dir", "./quarry-data", "directory for the SQLite database, found blocks and the demo key"),
    NETWORK("network", "regtest", "chain the pool mines on: main, test, testnet4, signet, regtest (the embedded SimChain is regtest)"),
    PAYOUT_ADDRESS("payout-address", "", "address the block reward is paid to; empty = a fixed regtest address on the embedded SimChain (required with bitcoind)"),
    POOL_TAG("pool-tag", "/quarry/", "text put in every coinbase scriptSig (truncated to keep scriptSig within 100 bytes)"),
    STRATUM_BIND("stratum.bind", "::", "address the Stratum ports listen on (:: = every IPv4 and IPv6 address)"),
    STRATUM_PORT("stratum.port", "3333", "the main Stratum port (vardiff)"),
    STRATUM_DIFFICULTY("stratum.difficulty", "1", "starting difficulty on the main port (a positive real, may be fractional)"),
    STRATUM_MIN_DIFFICULTY("stratum.min-difficulty", "0.0001", "vardiff floor"),
    STRATUM_MAX_DIFFICULTY("stratum.max-difficulty", "1000000000000", "vardiff ceiling"),
    STRATUM_TARGET_SHARE_SECONDS("stratum.target-share-seconds", "10", "vardiff aims at one share per this many seconds per connection"),
    STRATUM_STATIC_PORT("stratum.static-port", "3334", "second port with a fixed difficulty, for CPU miners, tests and demos (0 = off)"),
    STRATUM_STATIC_DIFFICULTY("stratum.static-difficulty", "0.0005", "difficulty of the static port (0.0005: about 2 shares/s from a 4 MH/s CPU miner)"),
    STRATUM_EXTRANONCE2_SIZE("stratum.extranonce2-size", "8", "bytes of extranonce2 the miner rolls (2..16)"),
    STRATUM_VERSION_MASK("stratum.version-mask", "1fffe000", "version-rolling mask offered to miners (BIP310/BIP320), 8 hex"),
    STRATUM_MAX_LINE_BYTES("stratum.max-line-bytes", "16384", "longest JSON-RPC line accepted; longer lines close the connection"),
    STRATUM_TLS_PORT("stratum.tls-port", "0", "stratum+ssl port with the main port's vardiff (0 = off); needs stratum.tls-cert and stratum.tls-key"),
    STRATUM_TLS_CERT("stratum.tls-cert", "", "PEM file with the TLS port's certificate chain (server certificate first)"),
    STRATUM_TLS_KEY("stratum.tls-key", "", "PEM file with the TLS port's private key (PKCS#8, unencrypted: BEGIN PRIVATE KEY)"),
    STRATUM_PROXY_PROTOCOL("stratum.proxy-protocol", "false", "accept a PROXY protocol v1/v2 header on every Stratum port from stratum.trusted-proxies"),
    STRATUM_TRUSTED_PROXIES("stratum.trusted-proxies", "127.0.0.1/32,::1/128", "IPs/CIDRs allowed to send a PROXY header (comma-separated); others are plain miners"),
    HTTP_BIND("http.bind", "127.0.0.1", "address of the HTTP port (metrics, health, API, dashboard)"),
    HTTP_PORT("http.port", "8080", "HTTP port"),
    NODE_URLS("node.urls", "", "bitcoind RPC URLs with credentials (http://user:pass@host:port), comma-separated, in priority order; empty = embedded SimChain"),
    ZMQ_URL("node.zmq-url", "", "bitcoind ZMQ hashblock endpoint (tcp://host:port); empty = long-poll only"),
    NODE_WALLET("node.wallet", "", "bitcoind wallet that holder payouts are sent from (sendmany on <first node URL>/wallet/<name>); empty = the node's only loaded wallet"),
    SIM_DIFFICULTY("sim.difficulty", "1", "network difficulty of the embedded SimChain"),
    SIM_BLOCK_INTERVAL_SECONDS("sim.block-interval-seconds", "600", "the SimChain's other miners find a block this often"),
    DB_URL("db.url", "", "JDBC URL; empty = SQLite file <data-dir>/quarry.db; jdbc:postgresql://... for PostgreSQL"),
    DB_USER("db.user", "", "database user (PostgreSQL)"),
    DB_PASSWORD("db.password", "", "database password (PostgreSQL); prefer the environment variable QUARRY_DB_PASSWORD"),
    JOURNAL_MODE("journal.mode", "log", "log = acknowledge shares on the fsync of the journal's log <data-dir>/journal and store them in the database behind it (replayed after a crash); direct = acknowledge on the database commit"),
    ACCOUNTING_SCHEME("accounting.scheme", "pps", "pps or fpps"),
    ACCOUNTING_POOL_FEE_BPS("accounting.pool-fee-bps", "250", "pool fee in basis points (250 = 2.5 %)"),
    METRICS_PER_CONTRACT_LABELS("metrics.per-contract-labels", "false", "export accepted shares per contract (quarry_contract_shares_total{contract})"),
    METRICS_PER_CONTRACT_LIMIT("metrics.per-contract-limit", "100", "at most this many contracts get their own label value; the rest count as contract=\"other\" (1..10000)"),
    LOG_JSON("log.json", "false", "JSON-lines logs instead of human-readable ones");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** QUARRY_STRATUM_EXTRANONCE2_SIZE for stratum.extranonce2-size. */
    public String envName() {
        return "QUARRY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static ConfigKey byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) return k;
        }
        return null;
    }
}
