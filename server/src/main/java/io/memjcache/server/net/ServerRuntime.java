package io.memjcache.server.net;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.protocol.text.Replies;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The network side of a {@link MemcachedServer}: Netty event loops (native epoll where available, NIO otherwise),
 * the listening sockets (TLS ones start each connection's pipeline with an {@code SslHandler}), the connection limit
 * and the background sweep of expired items. Thread-safe.
 *
 * <p>The listening sockets are served by one of the connections' event loops rather than by an accepting thread of
 * their own: a connection assigned to the loop that accepted it starts without waking another thread, and the
 * server runs one thread fewer (fewer context switches per connection on a busy machine).
 *
 * <p>Internal, not API.
 */
public final class ServerRuntime {

    /** Each connection may hold this much unsent output before it stops reading (a client that does not read). */
    private static final WriteBufferWaterMark OUTPUT_LIMITS = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private static final long SWEEP_PERIOD_MILLIS = 100;

    private final ServerContext context;
    private final EventLoopGroup workers;
    private final List<Channel> serverChannels;
    private final @Nullable Channel udpChannel;
    private final ScheduledFuture<?> sweeper;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private ServerRuntime(
            ServerContext context, EventLoopGroup workers, List<Channel> serverChannels, @Nullable Channel udpChannel) {
        this.context = context;
        this.workers = workers;
        this.serverChannels = List.copyOf(serverChannels);
        this.udpChannel = udpChannel;
        int[] next = {0};
        // Every stripe about once a second: memcached's LRU maintainer frees expired items that soon.
        int stripesPerSweep = (int) Math.max(1, context.store.segmentCount() * SWEEP_PERIOD_MILLIS / 1000);
        this.sweeper = workers.next()
                .scheduleAtFixedRate(
                        () -> {
                            if (context.store.sweeper.sweeping()) {
                                context.store.sweeper.sweepInBackground(next[0], stripesPerSweep, context.store.now());
                                next[0] += stripesPerSweep;
                            }
                        },
                        SWEEP_PERIOD_MILLIS,
                        SWEEP_PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
        context.onShutdownCommand(() -> new Thread(this::stop, "memjcache-shutdown").start());
    }

    public static ServerRuntime start(ServerConfig config) throws IOException {
        // First: besides the request path, the warm-up initialises what binding needs too and epoll does not (the
        // default buffer allocator, the handlers' @Sharable lookup), while this thread loads epoll and the loops.
        // It races nothing of epoll's native initialisation: its in-memory channel has no native code, no
        // DefaultChannelId (so no NetworkInterface) and no sun.nio.ch, and Netty loads the classes epoll's JNI_OnLoad
        // looks up before loading the library.
        RequestPathWarmUp.startOnce();
        ServerContext context = new ServerContext(config, System.err);
        context.secure(loadAuthFile(config.authFile()), loadTls(config.tls(), context));
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup workers = epoll
                ? new EpollEventLoopGroup(config.threads(), new DefaultThreadFactory("memjcache-worker", true))
                : new NioEventLoopGroup(config.threads(), new DefaultThreadFactory("memjcache-worker", true));
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, config.listenBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OUTPUT_LIMITS);
        List<Channel> bound = new ArrayList<>();
        InetSocketAddress where = null;
        try {
            for (ServerConfig.Listener listener : config.listeners()) {
                where = new InetSocketAddress(listener.host(), listener.port());
                TlsContexts tls = listener.tls() ? context.tls() : null;
                Channel channel = bootstrap
                        .clone()
                        .childHandler(new ConnectionInitializer(context, tls))
                        .bind(where)
                        .syncUninterruptibly()
                        .channel();
                bound.add(channel);
            }
            context.listenAddress = bound.get(0).localAddress();
            Channel udp = null;
            if (config.udpPort() != 0) {
                where = new InetSocketAddress(config.listenAddress(), config.udpPort());
                udp = new Bootstrap()
                        .group(workers)
                        .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                        // A whole datagram, up to the largest UDP payload, in one read: never a truncated request.
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                        .handler(new DatagramRequests(context))
                        .bind(where)
                        .syncUninterruptibly()
                        .channel();
            }
            return new ServerRuntime(context, workers, bound, udp);
        } catch (Exception e) {
            // Netty rethrows the bind failure (an IOException) without declaring it.
            // The threads may stop in the background, with what was bound.
            for (Channel channel : bound) {
                ChannelFuture unusedClose = channel.close();
            }
            Future<?> unusedWorkers = workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            BindException failure = new BindException("failed to listen on " + where + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private static @Nullable AuthFile loadAuthFile(@Nullable Path file) throws IOException {
        return file == null ? null : AuthFile.load(file);
    }

    private static @Nullable TlsContexts loadTls(@Nullable TlsSettings settings, ServerContext context)
            throws IOException {
        return settings == null ? null : TlsContexts.load(settings, context.store.now());
    }

    /** Admits each new connection (or refuses it beyond the limit) and builds its pipeline. */
    private static final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
        private final ServerContext context;
        private final @Nullable TlsContexts tls;

        ConnectionInitializer(ServerContext context, @Nullable TlsContexts tls) {
            this.context = context;
            this.tls = tls;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            if (!context.tryAdmit()) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(Replies.TOO_MANY_CONNECTIONS))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            // Tied to the channel itself, so the slot comes back however the connection ends.
            ch.closeFuture().addListener(f -> context.release());
            if (tls != null) {
                // First in the pipeline: the connection handler sees only decrypted bytes. A handshake that fails,
                // times out, or is abandoned by the client is counted, as memcached counts failed SSL_accept calls.
                SslHandler ssl = tls.newHandler(ch.alloc());
                ssl.handshakeFuture().addListener(done -> {
                    if (!done.isSuccess()) {
                        tls.handshakeFailed();
                    }
                });
                ch.pipeline().addLast("tls", ssl);
            }
            ch.pipeline().addLast(new ConnectionHandler(context, context.nextConnectionId()));
        }
    }

    /** @return the addresses of the listening sockets, in the order of {@link ServerConfig#listeners()} */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Channel channel : serverChannels) {
            addresses.add((InetSocketAddress) channel.localAddress());
        }
        return addresses;
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannels.get(0).localAddress();
    }

    /** @return the UDP address the server answers on, or null when UDP is off */
    public @Nullable InetSocketAddress boundUdpAddress() {
        return udpChannel == null ? null : (InetSocketAddress) udpChannel.localAddress();
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
            for (Channel channel : serverChannels) {
                channel.close().syncUninterruptibly();
            }
            if (udpChannel != null) {
                udpChannel.close().syncUninterruptibly();
            }
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            terminated.countDown();
        }
    }
}
