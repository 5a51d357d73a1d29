package dev.quarry.api.dashboard;

import dev.quarry.http.HttpRequestView;
import dev.quarry.http.HttpResult;
import dev.quarry.http.HttpRouter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the dashboard (classpath {@code /dashboard/}) and uPlot from its webjar
 * ({@code META-INF/resources/webjars/uplot/<version>/dist/}) — no CDN, nothing fetched from the
 * internet. Only GET of known, whitelisted-character paths; strict Content-Security-Policy
 * (scripts from this origin only).
 */
public final class DashboardRoutes {

    public static final String BASE = "/dashboard/";
    public static final String UPLOT = BASE + "vendor/uplot/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*(/[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*)*");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final String uplotDist;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public DashboardRoutes() {
        this.uplotDist = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    }

    /** The uPlot version on the classpath, read from the webjar's own Maven metadata. */
    public static String uplotVersion() {
        try (InputStream in = DashboardRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) throw new IllegalStateException("uPlot webjar (org.webjars.npm:uplot) missing from the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mount(HttpRouter router) {
        router.route("GET", "/", r -> new HttpResult(302, "text/plain", new byte[0], Map.of("Location", BASE)));
        router.route("GET", "/dashboard", r -> new HttpResult(302, "text/plain", new byte[0], Map.of("Location", BASE)));
        router.prefix("GET", BASE, this::serve);
    }

    HttpResult serve(HttpRequestView req) {
        String rest = req.path().substring(BASE.length());
        String resource;
        if (rest.startsWith("vendor/uplot/")) {
            String file = rest.substring("vendor/uplot/".length());
            if (!SAFE.matcher(file).matches()) return notFound();
            resource = uplotDist + file;
        } else {
            if (rest.isEmpty()) rest = "index.html";
            if (!SAFE.matcher(rest).matches()) return notFound();
            resource = "dashboard/" + rest;
        }
        byte[] body = load(resource);
        if (body == null) return notFound();
        return new HttpResult(200, contentType(resource), body, Map.of(
                "Content-Security-Policy", CSP,
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY",
                "Cache-Control", resource.startsWith("META-INF") ? "public, max-age=86400" : "no-cache"));
    }

    private byte[] load(String resource) {
        byte[] cached = cache.get(resource);
        if (cached != null) return cached;
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return null;
            byte[] b = in.readAllBytes();
            cache.put(resource, b);
            return b;
        } catch (IOException e) {
            return null;
        }
    }

    private static HttpResult notFound() {
        return HttpResult.text(404, "not found");
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".png")) return "image/png";
        if (name.endsWith(".json")) return "application/json";
        return "application/octet-stream";
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
