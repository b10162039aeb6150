package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous half of a {@link MemcachedClient}, made at its first asynchronous call: one event loop thread
 * (a daemon named {@code memjcache-io-...}, started with the first connection) that carries every channel of
 * every server, and one {@link AsyncServer} per server, beside that server's blocking pool.
 *
 * <p>One thread because a client is one application's view of its servers: the loop only frames and matches
 * answers, and an application that needs more throughput than one core gives is better served by more servers.
 *
 * <p>Thread-safe. Nothing returns null.
 */
final class AsyncIo implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<AsyncServer> servers;

    AsyncIo(List<ServerPool> pools, ClientConfig config) {
        ThreadFactory netty = new DefaultThreadFactory("memjcache-io", true);
        // Netty's factory makes the fast thread-local threads its buffer pools prefer; the provider's class loader
        // keeps an application's from being pinned by a thread that outlives it.
        ThreadFactory threads = task -> {
            Thread thread = netty.newThread(task);
            thread.setContextClassLoader(DaemonThreads.providerLoader());
            return thread;
        };
        this.group = new NioEventLoopGroup(1, threads);
        List<AsyncServer> list = new ArrayList<>();
        for (ServerPool pool : pools) {
            list.add(new AsyncServer(pool, config, group));
        }
        this.servers = List.copyOf(list);
    }

    /** @return the asynchronous channels of the server at {@code index} in the client's server list */
    AsyncServer server(int index) {
        return servers.get(index);
    }

    /**
     * Fails what is in flight and stops the event loop, waiting a moment for its thread to end (unless called on
     * that thread, from a callback, which cannot wait for itself).
     */
    @Override
    public void close() {
        servers.forEach(AsyncServer::close);
        Future<?> terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (!group.next().inEventLoop()) {
            terminated.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
