package dev.quarry.ops;

import dev.quarry.stratum.template.BlockTemplate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where the work comes from and how old it is: {@code quarry_template_age_seconds} (since the
 * current template was received; since start while there is none, so "no work" alerts too),
 * {@code quarry_template_height}, and {@code quarry_template_source_info{node} 1} for the node whose
 * template is current (an info metric: one series, replaced when the source changes). Node names
 * are the configured names ("node1", ...; "simchain" for the embedded chain), never URLs or credentials.
 */
public final class TemplateMetrics {

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private volatile long receivedNanos;
    private volatile long height = -1;
    private String currentSource; // guarded by this
    private Gauge sourceInfo; // guarded by this

    public TemplateMetrics(MeterRegistry registry, LongSupplier nanoClock) {
        this.registry = registry;
        this.nanoClock = nanoClock;
        this.receivedNanos = nanoClock.getAsLong();
        // Strong references: Micrometer holds gauge objects weakly, and nothing else may keep this one.
        Gauge.builder("quarry.template.age", this, m -> (m.nanoClock.getAsLong() - m.receivedNanos) / 1e9).baseUnit("seconds")
                .strongReference(true)
                .description("seconds since the current block template was received (since start while there is none)").register(registry);
        Gauge.builder("quarry.template.height", this, m -> m.height).strongReference(true)
                .description("height of the block the current template builds").register(registry);
    }

    /** Wraps the template listener: records each template, then hands it on. */
    public Consumer<BlockTemplate> wrap(Consumer<BlockTemplate> next) {
        return t -> {
            received(t);
            next.accept(t);
        };
    }

    void received(BlockTemplate t) {
        receivedNanos = nanoClock.getAsLong();
        height = t.height();
        source(t.source() == null ? "unknown" : t.source());
    }

    private synchronized void source(String name) {
        if (name.equals(currentSource)) return;
        if (sourceInfo != null) registry.remove(sourceInfo);
        sourceInfo = Gauge.builder("quarry.template.source.info", () -> 1).tag("node", name)
                .description("the node whose template miners are working on").register(registry);
        currentSource = name;
    }
}
