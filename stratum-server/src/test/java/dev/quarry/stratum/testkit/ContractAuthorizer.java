package dev.quarry.stratum.testkit;

import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.session.WorkerName;

import java.util.Set;

/** Allows the listed contracts only. */
public record ContractAuthorizer(Set<String> contracts) implements WorkerAuthorizer {
    @Override
    public Decision authorize(WorkerName worker, String password) {
        return contracts.contains(worker.contract()) ? Decision.allow() : Decision.refuse("unknown contract " + worker.contract());
    }
}
