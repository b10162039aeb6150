package io.memjcache.server.net;

import io.memjcache.server.store.Watcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import org.jspecify.annotations.Nullable;

/**
 * The sending side of a connection that ran {@code watch}: hands the lines its {@link Watcher} queued to the channel
 * while the channel takes them (below its high water mark); the rest wait in the watcher's bounded queue, where a
 * client that does not read makes lines drop into {@code skipped=N}. Confined to the connection's event loop, except
 * {@link #wake()}, which any thread may call.
 *
 * <p>Internal, not API.
 */
final class WatcherOutput {

    /** Lines are gathered into writes of about this size. */
    private static final int BATCH = 16 * 1024;

    private static final byte[] OK = {'O', 'K'};

    private final ChannelHandlerContext ctx;
    private final ServerContext server;
    private @Nullable Watcher watcher;

    private WatcherOutput(ChannelHandlerContext ctx, ServerContext server) {
        this.ctx = ctx;
        this.server = server;
    }

    /**
     * Registers a watcher for the connection; {@link #confirm} then answers the {@code watch}.
     *
     * @return the watcher's output, or null if the server already has its maximum of watchers (nothing changed)
     */
    static @Nullable WatcherOutput register(ChannelHandlerContext ctx, ServerContext server, int flags) {
        WatcherOutput w = new WatcherOutput(ctx, server);
        w.watcher = server.store.watch.add(flags, w::wake);
        return w.watcher == null ? null : w;
    }

    /**
     * Answers the {@code watch} with {@code OK} through the connection's {@code answers}; from then on the watcher's
     * lines go out as fast as the client reads them. A connection already gone stops the watcher at once.
     */
    void confirm(ConnectionOutput answers) {
        answers.writeLine(OK);
        answers.flush();
        if (!ctx.channel().isActive()) {
            stop();
        }
    }

    /** Lines arrived for a watcher that had drained: drain again on the connection's thread. */
    private void wake() {
        ctx.executor().execute(this::drain);
    }

    void drain() {
        Watcher w = watcher;
        if (w == null || !ctx.channel().isActive()) {
            return;
        }
        w.drainStarted();
        while (ctx.channel().isWritable()) {
            byte[] line = w.poll();
            if (line == null) {
                break;
            }
            ByteBuf batch = ctx.alloc().buffer(BATCH);
            do {
                batch.writeBytes(line);
            } while (batch.readableBytes() < BATCH && (line = w.poll()) != null);
            server.stats.bytesWritten.add(batch.readableBytes());
            ChannelFuture unused = ctx.writeAndFlush(batch); // a failed write closes the channel, ending the watch
        }
    }

    /** The connection closed: its lines are no longer produced. */
    void stop() {
        Watcher w = watcher;
        if (w != null) {
            server.store.watch.remove(w);
            watcher = null;
        }
    }
}
