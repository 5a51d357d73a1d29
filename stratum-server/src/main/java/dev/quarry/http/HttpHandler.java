package dev.quarry.http;

/** One route's logic. Runs off the I/O threads, so it may block (database reads). */
@FunctionalInterface
public interface HttpHandler {
    HttpResult handle(HttpRequestView request) throws Exception;
}
