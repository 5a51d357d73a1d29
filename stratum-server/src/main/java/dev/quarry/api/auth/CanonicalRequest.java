package dev.quarry.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The string a client signs (docs/api/client.md): six lines joined by '\n', no trailing newline:
 * <pre>
 * METHOD            upper case, e.g. GET
 * PATH              the request path, each segment RFC 3986 percent-encoded ("/api/v1/contracts")
 * CANONICAL_QUERY   name=value pairs, names and values decoded then RFC 3986 encoded, sorted by
 *                   name then value (comparing the encoded strings), joined by '&amp;' ("" when there is no query)
 * TIMESTAMP         unix seconds, decimal (same as the X-Quarry-Timestamp header)
 * NONCE             the X-Quarry-Nonce header
 * BODY_SHA256       lower-case hex SHA-256 of the raw body bytes (of the empty string for no body)
 * </pre>
 * Pure functions only, so the client example and the verifier share one definition.
 */
public final class CanonicalRequest {

    private CanonicalRequest() {
    }

    public static String build(String method, String path, Map<String, List<String>> query,
                               long timestampSeconds, String nonce, byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + '\n'
                + canonicalPath(path) + '\n'
                + canonicalQuery(query) + '\n'
                + timestampSeconds + '\n'
                + nonce + '\n'
                + sha256Hex(body == null ? new byte[0] : body);
    }

    /** Each path segment percent-encoded per RFC 3986 (unreserved characters kept, '/' kept as separator). */
    public static String canonicalPath(String path) {
        if (path == null || path.isEmpty()) return "/";
        StringBuilder sb = new StringBuilder(path.length() + 8);
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String segment = slash < 0 ? path.substring(start) : path.substring(start, slash);
            sb.append(rfc3986(segment));
            if (slash < 0) break;
            sb.append('/');
            start = slash + 1;
        }
        return sb.toString();
    }

    /** Sorted by name then value (code-point order of the encoded strings); empty map gives "". */
    public static String canonicalQuery(Map<String, List<String>> query) {
        if (query == null || query.isEmpty()) return "";
        List<String[]> pairs = new ArrayList<>();
        query.forEach((name, values) -> {
            if (values == null || values.isEmpty()) {
                pairs.add(new String[]{rfc3986(name), ""});
            } else {
                for (String v : values) pairs.add(new String[]{rfc3986(name), rfc3986(v == null ? "" : v)});
            }
        });
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) sb.append('&');
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** RFC 3986 section 2: everything but ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX of its UTF-8 bytes, upper-case hex. */
    public static String rfc3986(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
