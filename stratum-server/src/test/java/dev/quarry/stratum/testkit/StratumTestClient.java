package dev.quarry.stratum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A small Stratum client over a real socket: sends raw lines, reads lines as JSON, keeps
 * notifications that arrive while waiting for a response. Every read is bounded by a timeout.
 */
public final class StratumTestClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final int TIMEOUT_MS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<JsonNode> backlog = new ArrayList<>();

    public StratumTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    public static StratumTestClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, TIMEOUT_MS);
        return new StratumTestClient(s);
    }

    /** Connects with a small receive buffer (set before connecting, so the TCP window stays small). */
    public static StratumTestClient connectWithReceiveBuffer(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(address, TIMEOUT_MS);
        return new StratumTestClient(s);
    }

    public static StratumTestClient connectTls(InetSocketAddress address, SSLSocketFactory factory) throws IOException {
        Socket plain = new Socket();
        plain.connect(address, TIMEOUT_MS);
        Socket s = factory.createSocket(plain, address.getHostString(), address.getPort(), true);
        return new StratumTestClient(s);
    }

    public Socket socket() {
        return socket;
    }

    /** Sends one line (a '\n' is appended). */
    public StratumTestClient send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    public StratumTestClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next raw line (without '\n'), or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') return buf.toString(StandardCharsets.UTF_8);
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    public JsonNode readJson() throws IOException {
        if (!backlog.isEmpty()) return backlog.remove(0);
        String line = readLine();
        if (line == null) throw new IOException("connection closed by server");
        return MAPPER.readTree(line);
    }

    /** Reads until the response with this raw JSON id arrives; notifications on the way are kept. */
    public JsonNode response(String rawId) throws IOException {
        for (Iterator<JsonNode> it = backlog.iterator(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (!n.has("method") && n.has("id") && n.get("id").toString().equals(rawId)) {
                it.remove();
                return n;
            }
        }
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("connection closed while waiting for id " + rawId);
            JsonNode n = MAPPER.readTree(line);
            if (!n.has("method") && n.get("id").toString().equals(rawId)) return n;
            backlog.add(n);
        }
    }

    public JsonNode response(int id) throws IOException {
        return response(Integer.toString(id));
    }

    /** Reads until a notification with this method arrives (earlier kept ones first). */
    public JsonNode notification(String method) throws IOException {
        for (Iterator<JsonNode> it = backlog.iterator(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (method.equals(n.path("method").asText())) {
                it.remove();
                return n;
            }
        }
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("connection closed while waiting for " + method);
            JsonNode n = MAPPER.readTree(line);
            if (method.equals(n.path("method").asText())) return n;
            backlog.add(n);
        }
    }

    /** Everything kept so far plus what arrives within {@code millis}. */
    public List<JsonNode> drain(int millis) throws IOException {
        List<JsonNode> all = new ArrayList<>(backlog);
        backlog.clear();
        socket.setSoTimeout(millis);
        try {
            String line;
            while ((line = readLine()) != null) all.add(MAPPER.readTree(line));
        } catch (SocketTimeoutException ignored) {
            // nothing more within the window
        } finally {
            socket.setSoTimeout(TIMEOUT_MS);
        }
        return all;
    }

    /** True when the server closes the connection within the timeout (EOF or reset), skipping any lines it sends first. */
    public boolean closedByServer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                int b = in.read();
                if (b == -1) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            if (!socket.isClosed()) socket.setSoTimeout(TIMEOUT_MS);
        }
    }

    /** Standard handshake: subscribe (id 1) and authorize (id 2); returns the subscribe result. */
    public JsonNode handshake(String worker) throws IOException {
        send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"test/1.0\"]}");
        JsonNode sub = response(1);
        send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + worker + "\",\"x\"]}");
        JsonNode auth = response(2);
        if (!auth.get("result").asBoolean()) throw new IOException("authorize refused: " + auth);
        return sub.get("result");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
