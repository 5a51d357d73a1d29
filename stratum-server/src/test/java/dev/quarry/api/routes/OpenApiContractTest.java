package dev.quarry.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.quarry.http.HttpRequestView;
import dev.quarry.http.HttpResult;
import dev.quarry.http.HttpRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/api/openapi.yaml and the routes the server really has must list the same (method, path) pairs. */
class OpenApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @TempDir
    static Path dir;
    private static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = new ApiTestServer(new InMemoryHolderData(), ApiTestServer.fixedPool(), dir, ApiSettings.defaults(), 1_767_225_600_000L);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Path openApiFile() {
        // tests run in stratum-server/; the docs live at the repository root
        Path p = Path.of("..", "docs", "api", "openapi.yaml");
        assertTrue(Files.exists(p), "missing " + p.toAbsolutePath());
        return p;
    }

    private static Set<String> documented() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(openApiFile().toFile());
        assertEquals("3.0.3", doc.get("openapi").asText());
        Set<String> out = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> e = paths.next();
            Iterator<String> ops = e.getValue().fieldNames();
            while (ops.hasNext()) {
                String m = ops.next();
                if (METHODS.contains(m)) out.add(m.toUpperCase() + " " + e.getKey());
            }
        }
        return out;
    }

    private static Set<String> routed() {
        Set<String> out = new TreeSet<>();
        for (RouteTable.Route<ApiGateway.RouteSpec> r : api.module.gateway().routes()) out.add(r.method() + " " + r.template());
        return out;
    }

    @Test
    void everyRoutedApiPathIsDocumented() throws Exception {
        Set<String> missing = new TreeSet<>(routed());
        missing.removeAll(documented());
        assertTrue(missing.isEmpty(), "routed but not in openapi.yaml: " + missing);
    }

    @Test
    void everyDocumentedPathIsRoutedOnTheRealRouter() throws Exception {
        Set<String> doc = documented();
        assertFalse(doc.isEmpty());
        HttpRouter router = new HttpRouter();
        api.module.mount(router);
        for (String op : doc) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "1");
            HttpRequestView req = new HttpRequestView(method, path, "", Map.of(), Map.of(), new byte[0], InetAddress.getLoopbackAddress());
            HttpResult r = router.resolve(method, path).handle(req);
            // unsigned: public routes answer, holder routes answer 401 — never 404 or 405
            assertNotEquals(404, r.status(), op + " is documented but not routed");
            assertNotEquals(405, r.status(), op + " is documented but its method is not routed");
        }
        assertEquals(doc, routed(), "documented and routed sets differ");
    }

    @Test
    void unsignedRequestsToDocumentedHolderRoutesAre401() throws Exception {
        for (String op : List.of("GET /api/v1/contracts", "POST /api/v1/payouts", "DELETE /api/v1/keys/1")) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1);
            HttpRouter router = new HttpRouter();
            api.module.mount(router);
            HttpResult r = router.resolve(method, path).handle(
                    new HttpRequestView(method, path, "", Map.of(), Map.of(), new byte[0], InetAddress.getLoopbackAddress()));
            assertEquals(401, r.status(), op);
        }
    }
}
