package dev.quarry.stratum.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Netty transport choice: native epoll on Linux when available, NIO everywhere else. */
record Transport(String name, EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> serverChannel) {

    static Transport create(boolean preferNative, int ioThreads) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transport("epoll", new EpollEventLoopGroup(1), new EpollEventLoopGroup(ioThreads), EpollServerSocketChannel.class);
        }
        return new Transport("nio", new NioEventLoopGroup(1), new NioEventLoopGroup(ioThreads), NioServerSocketChannel.class);
    }
}
