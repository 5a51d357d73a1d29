package dev.quarry.api;

import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.AuthStore;
import dev.quarry.api.auth.JdbcAuthStore;
import dev.quarry.api.auth.MasterKey;
import dev.quarry.api.auth.NonceCache;
import dev.quarry.api.auth.RequestVerifier;
import dev.quarry.api.auth.SecretBox;
import dev.quarry.api.auth.Totp;
import dev.quarry.api.auth.TotpService;
import dev.quarry.api.dashboard.DashboardRoutes;
import dev.quarry.api.data.HolderData;
import dev.quarry.api.data.PoolStatusProvider;
import dev.quarry.api.data.WorkerStatsRegistry;
import dev.quarry.api.routes.ApiGateway;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.api.routes.HolderApi;
import dev.quarry.http.HttpRouter;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Everything the holder API and dashboard need, assembled once; {@link #mount(HttpRouter)} adds
 * /api/v1/** and /dashboard/** to the HTTP port. The Stratum server feeds {@link #workerEvents()}
 * and implements {@link PoolStatusProvider}; accounting implements {@link HolderData}.
 */
public final class ApiModule {

    /** Signature window: a request's timestamp must be within this many seconds of the server clock. */
    public static final long DEFAULT_WINDOW_SECONDS = 30;

    private final ApiKeyService keys;
    private final TotpService totp;
    private final WorkerStatsRegistry workerStats;
    private final ApiGateway gateway;
    private final DashboardRoutes dashboard = new DashboardRoutes();

    public ApiModule(HolderData data, PoolStatusProvider pool, AuthStore authStore, byte[] masterKey,
                     ApiSettings settings, Clock clock) {
        SecureRandom random = new SecureRandom();
        SecretBox box = new SecretBox(masterKey, random);
        this.keys = new ApiKeyService(authStore, box, random);
        this.totp = new TotpService(authStore, box, Totp.standard(), random, "Quarry");
        this.workerStats = new WorkerStatsRegistry(100_000);
        RequestVerifier verifier = new RequestVerifier(keys, new NonceCache(200_000), DEFAULT_WINDOW_SECONDS, random);
        this.gateway = new HolderApi(data, pool, workerStats, keys, totp, settings).register(new ApiGateway(verifier, settings, clock));
    }

    /**
     * The usual production assembly: API keys and TOTP seeds in the given database, master key from
     * {@code configuredMasterKey} (may be empty), else {@code QUARRY_MASTER_KEY}, else
     * {@code <dataDir>/master.key} (created 0600 on first start).
     */
    public static ApiModule create(HolderData data, PoolStatusProvider pool, JdbcAuthStore.ConnectionFactory db,
                                   Path dataDir, String configuredMasterKey, ApiSettings settings) throws IOException {
        return new ApiModule(data, pool, new JdbcAuthStore(db), MasterKey.resolveFromEnvironment(configuredMasterKey, dataDir),
                settings, Clock.systemUTC());
    }

    public void mount(HttpRouter router) {
        gateway.mount(router);
        dashboard.mount(router);
    }

    public ApiKeyService keys() {
        return keys;
    }

    public TotpService totp() {
        return totp;
    }

    /** The Stratum server reports difficulty changes and rejects here. */
    public WorkerStatsRegistry workerEvents() {
        return workerStats;
    }

    public ApiGateway gateway() {
        return gateway;
    }
}
