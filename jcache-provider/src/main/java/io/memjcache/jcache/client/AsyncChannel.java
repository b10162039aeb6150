package io.memjcache.jcache.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One of a server's asynchronous channels: requests of any thread are queued ({@link #submit}) and written by the
 * channel's I/O thread in one flush per batch that queued up meanwhile; answers are matched, in order, to the FIFO
 * of requests written and not yet answered, and complete their futures on the I/O thread.
 *
 * <p>The connection is opened lazily, by the first request after none was open: connect, TLS handshake and
 * authentication as configured, within the connect timeout, before any request is written. Then:
 * <ul>
 *   <li>the oldest pending request's deadline is watched by one timer task on the I/O thread; when it passes, every
 *       request pending on the channel fails with the timeout (naming the server, which is marked down) and the
 *       connection is closed, since where the stream stands is unknown;
 *   <li>a lost connection fails exactly the requests written to it; requests still queued go to the next one;
 *   <li>an answer that leaves the stream's position unknown ({@code ERROR}, an answer the command cannot read)
 *       fails its request with the error and the channel's other requests as out of step, and closes the
 *       connection (the server answered, so it is not marked down);
 *   <li>while the connection is not writable (its outbound buffer above the high water mark) requests stay queued,
 *       so the buffer holds at most about a water mark and a request; the queue itself is bounded by the server's
 *       in-flight limit ({@link AsyncServer}).
 * </ul>
 *
 * <p>Thread-safe: {@link #submit} from any thread; all other state belongs to the I/O thread.
 */
final class AsyncChannel {

    /** Bytes written to one buffer before it is handed to the channel (a batch may take several). */
    private static final int WRITE_CHUNK = 64 * 1024;

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final AsyncServer server;
    private final EventLoop loop;
    private final Queue<AsyncRequest<?>> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final ByteBufOutput output = new ByteBufOutput(Unpooled.EMPTY_BUFFER);

    // I/O thread only.
    private @Nullable Connection current;
    private boolean closed;

    AsyncChannel(AsyncServer server, EventLoop loop) {
        this.server = server;
        this.loop = loop;
    }

    /** Queues {@code request} to be written with the next batch. */
    void submit(AsyncRequest<?> request) {
        submitted.offer(request);
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                // The event loop is shut down: the client is closed, and nothing else will take the queue.
                failQueued(new IllegalStateException("the memcached client is closed"));
            }
        }
    }

    /** @return whether every request submitted so far has been written (or failed): a test's view */
    boolean allWritten() {
        return submitted.isEmpty();
    }

    /** Closes the connection, failing what is pending or queued; later requests fail too. */
    void close() {
        try {
            loop.execute(() -> {
                closed = true;
                Connection connection = current;
                if (connection != null) {
                    connection.abandon(new IllegalStateException("the memcached client is closed"));
                }
                failQueued(new IllegalStateException("the memcached client is closed"));
            });
        } catch (RejectedExecutionException e) {
            failQueued(new IllegalStateException("the memcached client is closed"));
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (closed) {
            failQueued(new IllegalStateException("the memcached client is closed"));
            return;
        }
        Connection connection = current;
        if (connection == null) {
            if (!submitted.isEmpty()) {
                current = new Connection();
            }
            return;
        }
        connection.writeQueued();
    }

    private void failQueued(Throwable failure) {
        for (AsyncRequest<?> request = submitted.poll(); request != null; request = submitted.poll()) {
            request.fail(failure);
        }
    }

    /** One connection of the channel, from its connect to its close. I/O thread only. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private final ArrayDeque<AsyncRequest<?>> pending = new ArrayDeque<>();
        private final Channel channel;
        private final ScheduledFuture<?> connectTimer;
        private boolean ready;
        private boolean authenticating;
        private boolean failed;
        private boolean timerArmed;

        Connection() {
            connectTimer = loop.schedule(this::connectTimedOut, server.connectTimeoutNanos(), TimeUnit.NANOSECONDS);
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(server.connectTimeoutNanos())))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            ClientTls tls = server.tls();
                            if (tls != null) {
                                SslHandler ssl = new SslHandler(tls.engine(server.address()));
                                ssl.setHandshakeTimeoutMillis(0); // the connect timer bounds it
                                ssl.handshakeFuture().addListener(done -> {
                                    if (done.isSuccess()) {
                                        start();
                                    } else {
                                        fail(ConnectionFailures.asIoException(done.cause()));
                                    }
                                });
                                channel.pipeline().addLast(ssl);
                            }
                            channel.pipeline().addLast(new AnswerDecoder(), Connection.this);
                        }
                    });
            ChannelFuture connect =
                    bootstrap.connect(server.address().host(), server.address().port());
            channel = connect.channel();
            connect.addListener(done -> {
                if (!done.isSuccess()) {
                    fail(ConnectionFailures.asIoException(done.cause()));
                }
            });
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            if (server.tls() == null) {
                start();
            }
        }

        /** Connected (and TLS set up): authenticates when configured, else takes requests. */
        private void start() {
            Credentials credentials = server.credentials();
            if (failed) {
                return;
            }
            if (credentials == null) {
                becomeReady();
                return;
            }
            authenticating = true;
            byte[] data = credentials.authData();
            ByteBuf buffer = channel.alloc().ioBuffer(64 + data.length);
            output.into(buffer);
            output.writeAscii("set " + Credentials.AUTH_KEY + " 0 -1 " + data.length + "\r\n");
            output.writeBytes(data);
            output.writeCrlf();
            var unused = channel.writeAndFlush(buffer, channel.voidPromise()); // failures reach exceptionCaught
        }

        private void becomeReady() {
            ready = true;
            connectTimer.cancel(false);
            writeQueued();
        }

        /** Writes the queued requests, as many as the channel takes now, and flushes once. */
        void writeQueued() {
            if (!ready || failed) {
                return;
            }
            ByteBuf buffer = null;
            boolean wrote = false;
            while (channel.isWritable()) {
                AsyncRequest<?> request = submitted.poll();
                if (request == null) {
                    break;
                }
                if (buffer == null) {
                    buffer = channel.alloc().ioBuffer();
                    output.into(buffer);
                }
                try {
                    request.writeTo(output);
                } catch (IOException e) {
                    buffer.release(); // cannot happen with a buffer; if it did, the stream would be unknown
                    fail(e);
                    return;
                }
                if (pending.isEmpty()) {
                    armTimer(request.deadlineNanos());
                }
                pending.add(request);
                if (buffer.readableBytes() >= WRITE_CHUNK) {
                    var unused = channel.write(buffer, channel.voidPromise()); // failures reach exceptionCaught
                    buffer = null;
                    wrote = true;
                }
            }
            if (buffer != null) {
                var unused = channel.write(buffer, channel.voidPromise());
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) {
            if (channel.isWritable()) {
                writeQueued();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            AnswerFrame frame = (AnswerFrame) message;
            if (failed) {
                return;
            }
            if (authenticating) {
                authenticating = false;
                Credentials credentials = Objects.requireNonNull(server.credentials());
                IOException refused = ConnectionFailures.authenticationRefused(
                        server.address(), credentials, frame.line().text());
                if (refused != null) {
                    fail(refused);
                } else {
                    becomeReady();
                }
                return;
            }
            AsyncRequest<?> head = pending.peek();
            if (head == null) {
                fail(new IOException(
                        "answer '" + ServerIdentity.printable(frame.line().text()) + "' with no request pending"));
                return;
            }
            switch (head.accept(frame)) {
                case MORE -> {}
                case DONE -> pending.poll();
                case OUT_OF_STEP -> {
                    pending.poll();
                    abandon(new MemcachedException(
                            server.address(),
                            "connection closed: the answer '"
                                    + ServerIdentity.printable(frame.line().text())
                                    + "' to an earlier request left it out of step"));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            fail(ConnectionFailures.asIoException(cause));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (failed) {
                return;
            }
            if (ready && pending.isEmpty()) { // closed while idle (the server's idle timeout): queued ones go on
                end(request -> {}, false);
                return;
            }
            fail(new EOFException("connection closed by the server"));
        }

        private void armTimer(long deadlineNanos) {
            if (!timerArmed) {
                timerArmed = true;
                var unused =
                        loop.schedule(this::checkDeadline, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }

        private void checkDeadline() {
            timerArmed = false;
            AsyncRequest<?> head = pending.peek();
            if (failed || head == null) {
                return;
            }
            if (System.nanoTime() - head.deadlineNanos() >= 0) {
                fail(ConnectionFailures.timedOut(server.operationTimeoutNanos()));
            } else {
                armTimer(head.deadlineNanos());
            }
        }

        private void connectTimedOut() {
            if (!ready && !failed) {
                fail(ConnectionFailures.connectTimedOut(
                        server.connectTimeout(), server.tls() != null, server.credentials() != null));
            }
        }

        /**
         * Fails the requests written to this connection with {@code e} as a failure of the server, and closes it.
         * Requests still queued go to the next connection, unless this one never got ready: then they were waiting
         * for it, and fail with it (the server is down, else they would reconnect in a loop).
         */
        private void fail(IOException e) {
            end(request -> request.failConnection(e), !ready);
        }

        /** Fails every request written to this connection with {@code failure} as is, and closes it. */
        void abandon(Throwable failure) {
            end(request -> request.fail(failure), false);
        }

        /**
         * Closes the connection and ends the requests written to it with {@code failing}, and the queued ones too
         * when {@code queuedToo}; else those go to the next connection.
         */
        private void end(Consumer<AsyncRequest<?>> failing, boolean queuedToo) {
            if (failed) {
                return;
            }
            failed = true;
            detach();
            for (AsyncRequest<?> request = pending.poll(); request != null; request = pending.poll()) {
                failing.accept(request);
            }
            if (queuedToo) {
                for (AsyncRequest<?> request = submitted.poll(); request != null; request = submitted.poll()) {
                    failing.accept(request);
                }
            } else if (!submitted.isEmpty()) {
                drain();
            }
        }

        private void detach() {
            connectTimer.cancel(false);
            if (current == this) {
                current = null;
            }
            var unused = channel.close(); // the close's outcome changes nothing: the requests are failed already
        }
    }
}
