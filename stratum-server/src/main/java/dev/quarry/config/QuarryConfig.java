package dev.quarry.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checked, typed configuration. Built only through {@link ConfigLoader}; every value has
 * been parsed and range-checked, and a bad one raised a {@link ConfigException} naming its key.
 */
public final class QuarryConfig {

    private final Map<ConfigKey, String> raw;
    public final Path dataDir;
    public final String network;
    public final String payoutAddress;
    public final String poolTag;
    public final String stratumBind;
    public final int stratumPort;
    public final double stratumDifficulty;
    public final double minDifficulty;
    public final double maxDifficulty;
    public final double targetShareSeconds;
    public final int staticPort;
    public final double staticDifficulty;
    public final int extranonce2Size;
    public final int versionMask;
    public final int maxLineBytes;
    public final int tlsPort;
    public final Path tlsCert;
    public final Path tlsKey;
    public final boolean proxyProtocol;
    public final List<String> trustedProxies;
    public final boolean perContractLabels;
    public final int perContractLimit;
    public final String httpBind;
    public final int httpPort;
    public final List<URI> nodeUrls;
    public final String zmqUrl;
    public final String nodeWallet;
    public final double simDifficulty;
    public final int simBlockIntervalSeconds;
    public final String dbUrl;
    public final String dbUser;
    public final String dbPassword;
    public final String journalMode;
    public final String accountingScheme;
    public final int poolFeeBps;
    public final boolean logJson;

    private QuarryConfig(Map<ConfigKey, String> v) {
        this.raw = Collections.unmodifiableMap(new EnumMap<>(v));
        dataDir = Path.of(nonEmpty(v, ConfigKey.DATA_DIR));
        network = oneOf(v, ConfigKey.NETWORK, "main", "test", "testnet4", "signet", "regtest");
        payoutAddress = v.get(ConfigKey.PAYOUT_ADDRESS).trim();
        poolTag = v.get(ConfigKey.POOL_TAG);
        stratumBind = nonEmpty(v, ConfigKey.STRATUM_BIND);
        stratumPort = port(v, ConfigKey.STRATUM_PORT, true); // 0 = any free port (tests)
        stratumDifficulty = positive(v, ConfigKey.STRATUM_DIFFICULTY);
        minDifficulty = positive(v, ConfigKey.STRATUM_MIN_DIFFICULTY);
        maxDifficulty = positive(v, ConfigKey.STRATUM_MAX_DIFFICULTY);
        if (minDifficulty > maxDifficulty) {
            throw new ConfigException(ConfigKey.STRATUM_MIN_DIFFICULTY.key(), "must not exceed stratum.max-difficulty (" + maxDifficulty + ")");
        }
        targetShareSeconds = positive(v, ConfigKey.STRATUM_TARGET_SHARE_SECONDS);
        staticPort = port(v, ConfigKey.STRATUM_STATIC_PORT, true);
        staticDifficulty = positive(v, ConfigKey.STRATUM_STATIC_DIFFICULTY);
        extranonce2Size = intIn(v, ConfigKey.STRATUM_EXTRANONCE2_SIZE, 2, 16);
        versionMask = hex32(v, ConfigKey.STRATUM_VERSION_MASK);
        maxLineBytes = intIn(v, ConfigKey.STRATUM_MAX_LINE_BYTES, 4096, 1 << 20);
        tlsPort = port(v, ConfigKey.STRATUM_TLS_PORT, true);
        tlsCert = optionalFile(v, ConfigKey.STRATUM_TLS_CERT, tlsPort != 0);
        tlsKey = optionalFile(v, ConfigKey.STRATUM_TLS_KEY, tlsPort != 0);
        proxyProtocol = bool(v, ConfigKey.STRATUM_PROXY_PROTOCOL);
        trustedProxies = addressRanges(v, ConfigKey.STRATUM_TRUSTED_PROXIES, proxyProtocol);
        httpBind = nonEmpty(v, ConfigKey.HTTP_BIND);
        httpPort = port(v, ConfigKey.HTTP_PORT, true);
        nodeUrls = urls(v, ConfigKey.NODE_URLS);
        zmqUrl = v.get(ConfigKey.ZMQ_URL).trim();
        if (!zmqUrl.isEmpty() && !zmqUrl.startsWith("tcp://")) {
            throw new ConfigException(ConfigKey.ZMQ_URL.key(), "must look like tcp://host:port, got '" + zmqUrl + "'");
        }
        nodeWallet = v.get(ConfigKey.NODE_WALLET).trim();
        simDifficulty = positive(v, ConfigKey.SIM_DIFFICULTY);
        simBlockIntervalSeconds = intIn(v, ConfigKey.SIM_BLOCK_INTERVAL_SECONDS, 1, 86_400);
        String db = v.get(ConfigKey.DB_URL).trim();
        dbUrl = db.isEmpty() ? "jdbc:sqlite:" + dataDir.resolve("quarry.db") : db;
        if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(ConfigKey.DB_URL.key(), "only jdbc:sqlite: and jdbc:postgresql: URLs are supported, got '" + redact(dbUrl) + "'");
        }
        dbUser = v.get(ConfigKey.DB_USER);
        dbPassword = v.get(ConfigKey.DB_PASSWORD);
        journalMode = oneOf(v, ConfigKey.JOURNAL_MODE, "log", "direct");
        accountingScheme = oneOf(v, ConfigKey.ACCOUNTING_SCHEME, "pps", "fpps");
        poolFeeBps = intIn(v, ConfigKey.ACCOUNTING_POOL_FEE_BPS, 0, 10_000);
        logJson = bool(v, ConfigKey.LOG_JSON);
        perContractLabels = bool(v, ConfigKey.METRICS_PER_CONTRACT_LABELS);
        perContractLimit = intIn(v, ConfigKey.METRICS_PER_CONTRACT_LIMIT, 1, 10_000);
        if (!nodeUrls.isEmpty() && payoutAddress.isEmpty()) {
            throw new ConfigException(ConfigKey.PAYOUT_ADDRESS.key(), "is required when mining on bitcoind (node.urls is set)");
        }
    }

    static QuarryConfig from(Map<ConfigKey, String> values) {
        return new QuarryConfig(values);
    }

    /** True when no bitcoind node is configured: the embedded SimChain provides templates. */
    public boolean embeddedChain() {
        return nodeUrls.isEmpty();
    }

    public String raw(ConfigKey key) {
        return raw.get(key);
    }

    private static String nonEmpty(Map<ConfigKey, String> v, ConfigKey k) {
        String s = v.get(k).trim();
        if (s.isEmpty()) throw new ConfigException(k.key(), "must not be empty");
        return s;
    }

    private static String oneOf(Map<ConfigKey, String> v, ConfigKey k, String... allowed) {
        String s = v.get(k).trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) if (a.equals(s)) return s;
        throw new ConfigException(k.key(), "must be one of " + String.join(", ", allowed) + ", got '" + v.get(k) + "'");
    }

    private static int intIn(Map<ConfigKey, String> v, ConfigKey k, int min, int max) {
        String s = v.get(k).trim();
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(k.key(), "must be a whole number, got '" + s + "'");
        }
        if (n < min || n > max) throw new ConfigException(k.key(), "must be between " + min + " and " + max + ", got " + n);
        return n;
    }

    private static int port(Map<ConfigKey, String> v, ConfigKey k, boolean zeroAllowed) {
        return intIn(v, k, zeroAllowed ? 0 : 1, 65_535);
    }

    private static double positive(Map<ConfigKey, String> v, ConfigKey k) {
        String s = v.get(k).trim();
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(k.key(), "must be a number, got '" + s + "'");
        }
        if (!(d > 0) || Double.isInfinite(d)) throw new ConfigException(k.key(), "must be a positive finite number, got " + s);
        return d;
    }

    private static int hex32(Map<ConfigKey, String> v, ConfigKey k) {
        String s = v.get(k).trim();
        if (!s.matches("[0-9a-fA-F]{8}")) throw new ConfigException(k.key(), "must be 8 hex digits, got '" + s + "'");
        return (int) Long.parseLong(s, 16);
    }

    private static boolean bool(Map<ConfigKey, String> v, ConfigKey k) {
        String s = v.get(k).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("1")) return true;
        if (s.equals("false") || s.equals("no") || s.equals("0")) return false;
        throw new ConfigException(k.key(), "must be true or false, got '" + v.get(k) + "'");
    }

    /** A file that must exist when {@code required} (a TLS port is configured); null when empty and not required. */
    private static Path optionalFile(Map<ConfigKey, String> v, ConfigKey k, boolean required) {
        String s = v.get(k).trim();
        if (s.isEmpty()) {
            if (required) throw new ConfigException(k.key(), "is required when stratum.tls-port is set");
            return null;
        }
        Path p = Path.of(s);
        if (required && !java.nio.file.Files.isReadable(p)) throw new ConfigException(k.key(), "cannot read file " + p);
        return p;
    }

    /** Comma-separated IPs/CIDRs, each checked; at least one when {@code required}. */
    private static List<String> addressRanges(Map<ConfigKey, String> v, ConfigKey k, boolean required) {
        List<String> out = new ArrayList<>();
        for (String part : v.get(k).split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            try {
                dev.quarry.stratum.server.AddressRange.parse(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k.key(), e.getMessage());
            }
            out.add(s);
        }
        if (required && out.isEmpty()) throw new ConfigException(k.key(), "must name at least one address when stratum.proxy-protocol is on");
        return List.copyOf(out);
    }

    private static List<URI> urls(Map<ConfigKey, String> v, ConfigKey k) {
        List<URI> out = new ArrayList<>();
        for (String part : v.get(k).split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            URI u;
            try {
                u = URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k.key(), "not a URL: '" + redact(s) + "'");
            }
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
                throw new ConfigException(k.key(), "must look like http://user:password@host:port, got '" + redact(s) + "'");
            }
            out.add(u);
        }
        return List.copyOf(out);
    }

    /** Hides the password part of user:password@ in anything shown to a person. */
    public static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
