package io.memjcache.server.net;

import io.memjcache.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One client connection of a real server's pipeline (its {@link ConnectionHandler} over a {@link ServerContext}
 * with the default settings), run in an {@link EmbeddedChannel} on the calling thread: the benchmarks feed it
 * request bytes and take its answers without a socket in between. It lives in the handler's package because the
 * handler's constructor is package-private; benchmarks reach the server only through this class.
 *
 * <p>Not thread-safe: one thread uses a connection. Nothing is null.
 */
public final class EmbeddedConnection implements AutoCloseable {

    private final EmbeddedChannel channel;

    /** A connection to a new server of {@code memoryLimit} bytes, with otherwise default settings. */
    public EmbeddedConnection(long memoryLimit) {
        ServerConfig config =
                ServerConfig.builder().memoryLimitBytes(memoryLimit).build();
        ServerContext server = new ServerContext(config, new PrintStream(OutputStream.nullOutputStream()));
        this.channel = new EmbeddedChannel(new ConnectionHandler(server, server.nextConnectionId()));
    }

    /**
     * Hands {@code requests} to the connection as one read, as a pipelining client's bytes arrive, and releases
     * the answers it wrote.
     *
     * @param requests released by the connection once read
     * @return how many bytes the connection answered
     */
    public int exchange(ByteBuf requests) {
        channel.writeInbound(requests);
        int answered = 0;
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            answered += out.readableBytes();
            out.release();
        }
        return answered;
    }

    /** Like {@link #exchange}, but returns the answers as text (ISO-8859-1), to check what a benchmark measures. */
    public String answers(ByteBuf requests) {
        channel.writeInbound(requests);
        StringBuilder text = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            text.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        return text.toString();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
