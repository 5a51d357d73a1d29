package dev.quarry.stratum.template.bitcoind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the bitcoind template source. Plain data: YAML/CLI wiring builds it elsewhere.
 *
 * @param nodes               nodes in priority order: the first healthy one serves templates
 * @param rpcTimeout          timeout of ordinary RPC calls (getblocktemplate, submitblock, ...)
 * @param longPollTimeout     how long a long-poll request may stay open before it is simply re-issued
 * @param refreshInterval     periodic getblocktemplate so that jobs pick up new transactions
 * @param healthCheckInterval how often every node is probed with getblockchaininfo (failover and switch-back)
 * @param retryDelay          pause before retrying when no node can serve (startup, initial block download, all down)
 * @param recoverySuccesses   consecutive good probes before a node that failed is trusted again (1 = at once)
 */
public record BitcoindConfig(
        List<NodeConfig> nodes,
        Duration rpcTimeout,
        Duration longPollTimeout,
        Duration refreshInterval,
        Duration healthCheckInterval,
        Duration retryDelay,
        int recoverySuccesses) {

    public BitcoindConfig {
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (nodes.isEmpty()) throw new IllegalArgumentException("at least one bitcoind node is required");
        long distinctNames = nodes.stream().map(NodeConfig::name).distinct().count();
        if (distinctNames != nodes.size()) throw new IllegalArgumentException("bitcoind node names must be unique");
        requirePositive(rpcTimeout, "rpcTimeout");
        requirePositive(longPollTimeout, "longPollTimeout");
        requirePositive(refreshInterval, "refreshInterval");
        requirePositive(healthCheckInterval, "healthCheckInterval");
        requirePositive(retryDelay, "retryDelay");
        if (recoverySuccesses < 1) throw new IllegalArgumentException("recoverySuccesses must be at least 1");
    }

    /** Production defaults: 10 s RPC timeout, 120 s long-poll, 30 s refresh, 5 s health checks, 2 probes to recover. */
    public static BitcoindConfig of(List<NodeConfig> nodes) {
        return new BitcoindConfig(nodes, Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 2);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }

    /**
     * One bitcoind node.
     *
     * @param name        label for logs and metrics
     * @param rpcUrl      e.g. http://127.0.0.1:8332/
     * @param user        RPC user (with {@code password}), or null when a cookie file is used
     * @param password    RPC password, or null
     * @param cookieFile  bitcoind's .cookie file (re-read on every connection attempt: it changes when bitcoind restarts), or null
     * @param zmqHashBlock ZMQ endpoint publishing "hashblock" (e.g. tcp://127.0.0.1:28332), or null
     */
    public record NodeConfig(String name, URI rpcUrl, String user, String password, Path cookieFile, String zmqHashBlock) {
        public NodeConfig {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rpcUrl, "rpcUrl");
            String scheme = rpcUrl.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("node " + name + ": RPC URL must be http(s): " + rpcUrl);
            }
            boolean hasPassword = user != null || password != null;
            if (hasPassword && (user == null || password == null)) {
                throw new IllegalArgumentException("node " + name + ": RPC user and password go together");
            }
            if (hasPassword == (cookieFile != null)) {
                throw new IllegalArgumentException("node " + name + ": give either RPC user/password or a cookie file");
            }
        }

        public static NodeConfig withPassword(String name, URI rpcUrl, String user, String password) {
            return new NodeConfig(name, rpcUrl, user, password, null, null);
        }

        public static NodeConfig withCookie(String name, URI rpcUrl, Path cookieFile) {
            return new NodeConfig(name, rpcUrl, null, null, cookieFile, null);
        }

        public NodeConfig withZmqHashBlock(String endpoint) {
            return new NodeConfig(name, rpcUrl, user, password, cookieFile, endpoint);
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "NodeConfig[" + name + " " + rpcUrl + (cookieFile != null ? " cookie=" + cookieFile : " user=" + user)
                    + (zmqHashBlock != null ? " zmq=" + zmqHashBlock : "") + "]";
        }
    }
}
