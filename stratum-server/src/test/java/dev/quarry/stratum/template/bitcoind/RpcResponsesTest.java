package dev.quarry.stratum.template.bitcoind;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How bitcoind's HTTP answers are classified (Bitcoin Core: RPC errors come as HTTP 500/404 with an error object). */
class RpcResponsesTest {

    private static JsonNode interpret(int status, String body) throws BitcoindException {
        return RpcResponses.interpret(RpcFixtures.MAPPER, "node-a", "getblocktemplate", status, body);
    }

    @Test
    void resultIsReturned() throws Exception {
        assertEquals(5, interpret(200, "{\"result\":5,\"error\":null,\"id\":1}").asInt());
        assertTrue(interpret(200, "{\"result\":null,\"error\":null,\"id\":1}").isNull()); // submitblock accepted
    }

    @Test
    void rpcErrorObjectMeansTheNodeAnswered() {
        RpcErrorException e = assertThrows(RpcErrorException.class, () -> interpret(500,
                "{\"result\":null,\"error\":{\"code\":-10,\"message\":\"Bitcoin Core is in initial sync and waiting for blocks...\"},\"id\":1}"));
        assertEquals(-10, e.code());
        assertTrue(e.nodeNotReady());
        assertFalse(e.nodeDown());
        assertTrue(e.getMessage().contains("node-a") && e.getMessage().contains("-10"), e.getMessage());

        RpcErrorException notFound = assertThrows(RpcErrorException.class, () -> interpret(404,
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}"));
        assertEquals(-32601, notFound.code());
        assertFalse(notFound.nodeNotReady());
    }

    @Test
    void unauthorizedServerErrorsAndGarbageMeanTheNodeIsDown() {
        BitcoindException unauthorized = assertThrows(BitcoindException.class, () -> interpret(401, ""));
        assertTrue(unauthorized.nodeDown());
        assertTrue(unauthorized.getMessage().contains("401"), unauthorized.getMessage());
        assertTrue(assertThrows(BitcoindException.class, () -> interpret(403, "")).nodeDown());
        BitcoindException busy = assertThrows(BitcoindException.class, () -> interpret(503, "Work queue depth exceeded"));
        assertTrue(busy.nodeDown());
        assertFalse(busy instanceof RpcErrorException);
        assertTrue(assertThrows(BitcoindException.class, () -> interpret(200, "<html>proxy</html>")).nodeDown());
        assertTrue(assertThrows(BitcoindException.class, () -> interpret(502, "{\"result\":1}")).nodeDown());
    }
}
