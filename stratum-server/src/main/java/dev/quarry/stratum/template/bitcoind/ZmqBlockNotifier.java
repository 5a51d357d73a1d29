package dev.quarry.stratum.template.bitcoind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Subscribes to bitcoind's ZMQ "hashblock" topic (-zmqpubhashblock) on every configured endpoint
 * with one SUB socket, and reports each new block hash (internal order). Messages are three
 * frames: topic, 32-byte hash in display order, 4-byte sequence number.
 */
final class ZmqBlockNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZmqBlockNotifier.class);
    private static final byte[] TOPIC = "hashblock".getBytes(StandardCharsets.US_ASCII);
    /** How often the receive loop wakes up to notice close(). */
    private static final int RECEIVE_TIMEOUT_MS = 200;

    private final List<String> endpoints;
    private final Consumer<byte[]> onBlock;
    private final ZContext context = new ZContext(1);
    private final Thread thread;
    private volatile boolean running = true;

    ZmqBlockNotifier(List<String> endpoints, Consumer<byte[]> onBlock) {
        this.endpoints = List.copyOf(endpoints);
        this.onBlock = onBlock;
        this.thread = new Thread(this::run, "bitcoind-zmq");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        ZMQ.Socket socket = context.createSocket(SocketType.SUB);
        try {
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
            socket.setLinger(0);
            for (String endpoint : endpoints) socket.connect(endpoint);
            socket.subscribe(TOPIC);
            log.info("listening for bitcoind ZMQ hashblock on {}", endpoints);
            while (running && !Thread.currentThread().isInterrupted()) {
                byte[] topic = socket.recv(0);
                if (topic == null) continue; // timeout: check running
                byte[] body = socket.hasReceiveMore() ? socket.recv(0) : null;
                while (socket.hasReceiveMore()) socket.recv(0); // sequence number, not needed
                if (!Arrays.equals(topic, TOPIC) || body == null || body.length != 32) {
                    log.debug("ignoring ZMQ message with topic {}", new String(topic, StandardCharsets.US_ASCII));
                    continue;
                }
                try {
                    onBlock.accept(RpcJson.reversed(body));
                } catch (RuntimeException e) {
                    log.warn("hashblock handler failed", e);
                }
            }
        } catch (org.zeromq.ZMQException e) {
            if (running) log.warn("ZMQ hashblock subscription stopped: {}", e.toString());
        } finally {
            context.destroySocket(socket);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
