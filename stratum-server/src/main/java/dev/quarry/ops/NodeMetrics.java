package dev.quarry.ops;

import dev.quarry.stratum.template.bitcoind.BitcoindTemplateSource;
import dev.quarry.stratum.template.bitcoind.RpcObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * bitcoind health by node: {@code quarry_node_rpc_seconds{node,method}} (JSON-RPC latency, long-polls
 * excluded), {@code quarry_node_rpc_errors_total{node,kind}} (timeout, unavailable, rpc_error;
 * long-polls count only when they fail for real) and
 * {@code quarry_node_up{node}} (the failover's view). Labels are configured node names and the fixed
 * set of methods Quarry calls.
 */
public final class NodeMetrics implements RpcObserver {

    private final MeterRegistry registry;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Observes the source's RPC calls and exports each node's up/down state. */
    public static NodeMetrics bind(MeterRegistry registry, BitcoindTemplateSource source) {
        NodeMetrics m = new NodeMetrics(registry);
        List<String> names = source.nodeNames();
        for (int i = 0; i < names.size(); i++) {
            int node = i;
            Gauge.builder("quarry.node.up", source, s -> s.isNodeUp(node) ? 1 : 0).tag("node", names.get(i))
                    .description("1 while the failover considers the node usable").register(registry);
            for (String kind : List.of(TIMEOUT, UNAVAILABLE, RPC_ERROR)) m.errorCounter(names.get(i), kind);
        }
        source.setRpcObserver(m);
        return m;
    }

    @Override
    public void latency(String node, String method, long nanos) {
        latency.computeIfAbsent(node + '\0' + method, k -> Timer.builder("quarry.node.rpc").tag("node", node).tag("method", method)
                .description("bitcoind JSON-RPC call latency (long-polls excluded)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(String node, String method, String kind) {
        errorCounter(node, kind).increment();
    }

    private Counter errorCounter(String node, String kind) {
        return errors.computeIfAbsent(node + '\0' + kind, k -> Counter.builder("quarry.node.rpc.errors").tag("node", node).tag("kind", kind)
                .description("failed bitcoind JSON-RPC calls by node and kind").register(registry));
    }
}
