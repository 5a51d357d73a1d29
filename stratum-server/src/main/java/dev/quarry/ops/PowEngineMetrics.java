package dev.quarry.ops;

import dev.quarry.pow.nativeengine.NativeEngine;
import dev.quarry.pow.sha.Sha256Engines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code quarry_pow_engine_info{engine, native} 1}: what pow-core chose at start-up.
 * {@code engine} is the SHA-256 engine the share validator hashes with ("jdk" = MessageDigest,
 * intrinsics where the CPU has them; "java" = the pure-Java engine); {@code native} is the native
 * engine's decision ("native-sha-ni" when libquarrysha loaded with SHA-NI, else "java").
 */
public final class PowEngineMetrics {

    private PowEngineMetrics() {
    }

    public static void bind(MeterRegistry registry) {
        String nativePath;
        try {
            nativePath = NativeEngine.status().path().label();
        } catch (RuntimeException e) {
            nativePath = "unavailable"; // quarry.native=on without a native engine fails elsewhere; never here
        }
        Gauge.builder("quarry.pow.engine.info", () -> 1)
                .tag("engine", Sha256Engines.selectedName())
                .tag("native", nativePath)
                .description("SHA-256 engine used for share validation (engine) and the native engine decision (native)")
                .register(registry);
    }
}
