package dev.quarry.ops;

import dev.quarry.stratum.server.StratumServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How the running Stratum server validates shares (issue 9: "the Prometheus metrics expose it"):
 * {@code quarry_share_validation_info{path}} 1 with the hashing actually used by the share checks
 * ({@code native-sha-ni} or {@code java}), and {@code quarry_share_validation_calls_total{kind}} /
 * {@code quarry_share_validation_shares_total{kind}} for calls that validated several waiting
 * submits at once ({@code batch}) or one ({@code single}) — shares ÷ calls is the mean batch size.
 */
public final class ShareValidationMetrics {

    private ShareValidationMetrics() {
    }

    public static void bind(MeterRegistry registry, StratumServer server) {
        Gauge.builder("quarry.share.validation.info", () -> 1)
                .tag("path", server.shareValidation().engine())
                .description("hashing used by the Stratum server's share validation").register(registry);
        FunctionCounter.builder("quarry.share.validation.calls", server, s -> s.shareValidation().batches())
                .tag("kind", "batch").description("validation calls (batch: several waiting submits in one native call)").register(registry);
        FunctionCounter.builder("quarry.share.validation.calls", server, s -> s.shareValidation().singleValidations())
                .tag("kind", "single").description("validation calls (batch: several waiting submits in one native call)").register(registry);
        FunctionCounter.builder("quarry.share.validation.shares", server, s -> s.shareValidation().sharesInBatches())
                .tag("kind", "batch").description("shares validated, by kind of call").register(registry);
        FunctionCounter.builder("quarry.share.validation.shares", server, s -> s.shareValidation().singleValidations())
                .tag("kind", "single").description("shares validated, by kind of call").register(registry);
    }
}
