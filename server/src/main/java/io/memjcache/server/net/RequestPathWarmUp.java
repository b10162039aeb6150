package io.memjcache.server.net;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads and links the classes of the request path (framing, the meta commands, the store, the counters, the output
 * side of a connection) on a background thread while a server starts, instead of on its first request: the first
 * use of a server started in this JVM (the embedded default's, above all) is then shorter, because on a machine
 * with a spare core this runs while the server loads its event loops and binds, and the client connects.
 *
 * <p>The requests run on a scratch {@link ServerContext} of their own, through an ordinary
 * {@link ConnectionHandler} on an in-memory channel: no server's items, counters or connections see them, and a
 * request that arrives at a real server before (or while) this runs is served as it would be without it, since
 * the two share nothing but the classes (whose loading and initialisation the JVM makes safe to race). Once per
 * JVM: later starts find the classes loaded.
 *
 * <p>Thread-safe. Internal, not API.
 */
final class RequestPathWarmUp {

    /** What the provider's first operations send: reads, a counter, a store with a data block, a no-op. */
    static final byte[] REQUESTS = Ascii.bytes("mg w v\r\nmg w v c f t\r\nma c N0 J1 D0 MI v\r\n"
            + "ms w 1 T0 F0 ME\r\nx\r\nmg w v c f t\r\nmd w q\r\nmn\r\n");

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private RequestPathWarmUp() {}

    /** Starts the warm-up on a daemon thread, the first time in this JVM; does nothing afterwards. */
    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(RequestPathWarmUp::run, "memjcache-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            String unusedAnswers = runRequests();
        } catch (RuntimeException e) {
            // Only time is lost: a real request loads whatever this did not, and reports its own failures.
        }
    }

    /** @return the answers to {@link #REQUESTS}, run on a scratch context of their own */
    static String runRequests() {
        ServerContext scratch = new ServerContext(
                ServerConfig.builder().memoryLimitMegabytes(1).build(),
                new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionHandler(scratch, scratch.nextConnectionId()));
        StringBuilder answers = new StringBuilder();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(REQUESTS));
            channel.runPendingTasks();
            for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
                answers.append(part.toString(StandardCharsets.ISO_8859_1));
                part.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return answers.toString();
    }
}
