package dev.quarry.api.routes;

import dev.quarry.api.auth.Scope;

/** Who may call a route: anyone, or a signed request whose key has the scope. */
public enum Access {
    PUBLIC(null), READ(Scope.READ), PAYOUT(Scope.PAYOUT);

    private final Scope scope;

    Access(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
