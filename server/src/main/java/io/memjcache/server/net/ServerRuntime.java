package io.memjcache.server.net;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.protocol.text.Replies;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The network side of a {@link MemcachedServer}: Netty event loops (native epoll where available, NIO otherwise),
 * the listening socket, the connection limit and the background sweep of expired items. Thread-safe.
 *
 * <p>Internal, not API.
 */
public final class ServerRuntime {

    /** Each connection may hold this much unsent output before it stops reading (a client that does not read). */
    private static final WriteBufferWaterMark OUTPUT_LIMITS = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private static final long SWEEP_PERIOD_MILLIS = 100;

    private final ServerContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ScheduledFuture<?> sweeper;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private ServerRuntime(ServerContext context, EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        int[] next = {0};
        // Every stripe about once a second: memcached's LRU maintainer frees expired items that soon.
        int stripesPerSweep = (int) Math.max(1, context.store.segmentCount() * SWEEP_PERIOD_MILLIS / 1000);
        this.sweeper = workers.next()
                .scheduleAtFixedRate(
                        () -> {
                            if (context.store.sweeping()) {
                                context.store.sweepInBackground(next[0], stripesPerSweep, context.store.now());
                                next[0] += stripesPerSweep;
                            }
                        },
                        SWEEP_PERIOD_MILLIS,
                        SWEEP_PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
        context.onShutdownCommand(() -> new Thread(this::stop, "memjcache-shutdown").start());
    }

    public static ServerRuntime start(ServerConfig config) throws IOException {
        ServerContext context = new ServerContext(config, System.err);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = epoll
                ? new EpollEventLoopGroup(1, new DefaultThreadFactory("memjcache-accept", true))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("memjcache-accept", true));
        EventLoopGroup workers = epoll
                ? new EpollEventLoopGroup(config.threads(), new DefaultThreadFactory("memjcache-worker", true))
                : new NioEventLoopGroup(config.threads(), new DefaultThreadFactory("memjcache-worker", true));
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OUTPUT_LIMITS)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!context.tryAdmit()) {
                            ch.writeAndFlush(Unpooled.wrappedBuffer(Replies.TOO_MANY_CONNECTIONS))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        // Tied to the channel itself, so the slot comes back however the connection ends.
                        ch.closeFuture().addListener(f -> context.release());
                        ch.pipeline().addLast(new ConnectionHandler(context, context.nextConnectionId()));
                    }
                });
        InetSocketAddress where = new InetSocketAddress(config.listenAddress(), config.port());
        try {
            Channel channel = bootstrap.bind(where).syncUninterruptibly().channel();
            context.listenAddress = channel.localAddress();
            return new ServerRuntime(context, boss, workers, channel);
        } catch (Exception e) {
            // Netty rethrows the bind failure (an IOException) without declaring it.
            // Nothing was bound: the threads may stop in the background.
            Future<?> unusedBoss = boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Future<?> unusedWorkers = workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            BindException failure = new BindException("failed to listen on " + where + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public boolean isRunning() {
        return !stopped.get();
    }

    public ServerContext context() {
        return context;
    }

    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            sweeper.cancel(false);
            serverChannel.close().syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            terminated.countDown();
        }
    }
}
