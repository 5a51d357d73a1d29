package dev.quarry.api.routes;

/** Sees every request the API gateway answered, for metrics. Runs on the HTTP worker thread: keep it cheap. */
@FunctionalInterface
public interface ApiObserver {

    ApiObserver NONE = (method, route, status, nanos) -> { };

    /** Route label for paths no API route matches. */
    String UNMATCHED = "unmatched";

    /**
     * @param method the request method
     * @param route  the matched route template (e.g. "/api/v1/contracts/{contractId}"), or {@link #UNMATCHED}
     * @param status the HTTP status answered
     * @param nanos  time spent in the gateway
     */
    void served(String method, String route, int status, long nanos);
}
