package dev.quarry.app;

import dev.quarry.accounting.Accounting;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.session.WorkerName;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes {@code <contract>.<rig>} workers whose contract is active (or the farm account).
 * The Stratum server calls this on its event loop, so answers come from a cache refreshed at most
 * every {@code ttlMillis}; a database read happens once per contract per interval.
 */
final class ContractAuthorizer implements WorkerAuthorizer {

    private record Cached(boolean allowed, long atMillis) {
    }

    private final Accounting accounting;
    private final long ttlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ContractAuthorizer(Accounting accounting, long ttlMillis) {
        this.accounting = accounting;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Decision authorize(WorkerName worker, String password) {
        String contract = worker.contract();
        long now = System.currentTimeMillis();
        Cached c = cache.get(contract);
        if (c == null || now - c.atMillis > ttlMillis) {
            boolean ok = accounting.isFarmAccount(contract) || accounting.contractForWorker(contract).isPresent();
            c = new Cached(ok, now);
            if (cache.size() < 100_000) cache.put(contract, c);
        }
        return c.allowed ? Decision.allow()
                : Decision.refuse("unknown or inactive contract '" + contract + "' (worker names are <contract>.<rig>)");
    }
}
