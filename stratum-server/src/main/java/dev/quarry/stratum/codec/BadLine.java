package dev.quarry.stratum.codec;

/**
 * A line that could not become a {@link StratumRequest}. It travels down the pipeline like a
 * request so that the session answers it in order with the documented rule (see
 * docs/stratum-bad-input.md).
 *
 * @param kind   what was wrong
 * @param rawId  the id if one could be read, else "null"
 * @param detail short human-readable description for the error message
 */
public record BadLine(Kind kind, String rawId, String detail) {

    public enum Kind {
        /** Not parseable as JSON. Answered with error 20, connection kept (up to the protocol-error budget). */
        MALFORMED_JSON("malformed_json", false),
        /** Valid JSON but not an object (array, number, string...). Error 20, connection kept. */
        NOT_OBJECT("not_object", false),
        /** An object without a string "method" or with non-array "params". Error 20, connection kept. */
        INVALID_REQUEST("invalid_request", false),
        /** Control bytes or invalid UTF-8: not a text protocol speaker. Disconnect. */
        BINARY("binary_junk", true),
        /** Longer than the configured line limit. Error 20 then disconnect. */
        OVERSIZED("oversized_line", true),
        /** A partial line kept open longer than the configured time (slowloris). Disconnect. */
        SLOW_LINE("slow_line", true);

        private final String metricName;
        private final boolean fatal;

        Kind(String metricName, boolean fatal) {
            this.metricName = metricName;
            this.fatal = fatal;
        }

        public String metricName() {
            return metricName;
        }

        /** True when the rule is to close the connection. */
        public boolean fatal() {
            return fatal;
        }
    }
}
