package dev.quarry.api.routes;

import dev.quarry.http.HttpResult;

/** A route's logic once the request passed authentication, rate limits and scope checks. */
@FunctionalInterface
public interface Endpoint {
    HttpResult handle(ApiCall call);
}
