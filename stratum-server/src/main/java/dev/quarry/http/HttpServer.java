package dev.quarry.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP port (metrics, health, holder API, dashboard). Netty does the I/O; handlers run on a
 * small worker pool so a slow database read never stalls the event loop. Bodies are capped, and
 * any handler failure is answered with a 500 and a generic message (the stack trace goes to the
 * log, never to the client).
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final HttpRouter router;
    private final int maxBodyBytes;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService workers;
    private Channel channel;

    public HttpServer(HttpRouter router, int maxBodyBytes, int workerThreads) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "quarry-http-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public InetSocketAddress start(String bind, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(30))
                                .addLast(new HttpServerCodec(8192, 16384, 8192))
                                .addLast(new HttpObjectAggregator(maxBodyBytes))
                                .addLast(new Dispatch());
                    }
                });
        channel = b.bind(bind, port).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                write(ctx, HttpResult.json(400, "{\"error\":\"malformed HTTP request\"}"), false, false);
                return;
            }
            HttpRequestView view = toView(ctx, req);
            HttpHandler handler = router.resolve(view.method(), view.path());
            boolean head = "HEAD".equals(view.method());
            try {
                workers.execute(() -> {
                    HttpResult result;
                    try {
                        result = handler.handle(view);
                    } catch (Exception | Error e) {
                        log.warn("HTTP {} {} failed", view.method(), view.path(), e);
                        result = HttpResult.json(500, "{\"error\":\"internal error\"}");
                    }
                    HttpResult r = result;
                    ctx.channel().eventLoop().execute(() -> write(ctx, r, keepAlive, head));
                });
            } catch (RejectedExecutionException e) {
                write(ctx, HttpResult.json(503, "{\"error\":\"shutting down\"}"), false, head);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                write(ctx, HttpResult.json(413, "{\"error\":\"request too large\"}"), false, false);
            } else {
                ctx.close();
            }
        }
    }

    private static HttpRequestView toView(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String uri = req.uri();
        int q = uri.indexOf('?');
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        byte[] body = ByteBufUtil.getBytes(req.content());
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        return new HttpRequestView(req.method().name(), qs.path(), rawQuery, qs.parameters(), headers, body,
                remote == null ? null : remote.getAddress());
    }

    private static void write(ChannelHandlerContext ctx, HttpResult r, boolean keepAlive, boolean head) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        resp.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        if (channel != null) channel.close().awaitUninterruptibly();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
