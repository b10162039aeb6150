package io.memjcache.jcache.client;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous channels to one server ({@link AsyncChannel}), a fixed number of them, taken in turn, and the
 * server's in-flight limit. It shares the health, the refused-credentials memory and the metrics of the server's
 * blocking pool ({@link ServerPool}): a server marked down by either path fails both paths' requests at once, and
 * failures are explained with the same messages.
 *
 * <p>The limit counts commands sent and not yet answered (or failed), over all channels: a request that would
 * go beyond it fails at once with a {@link MemcachedException} naming the server and the limit, without waiting.
 * Since requests queued and written are all counted, it also bounds the queues and the output buffers.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; futures are never null.
 */
final class AsyncServer implements AutoCloseable {

    private final ServerPool pool;
    private final ClientConfig config;
    private final AsyncChannel[] channels;
    private final int maxInFlight;
    private final long operationTimeoutNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger turn = new AtomicInteger();

    AsyncServer(ServerPool pool, ClientConfig config, EventLoopGroup group) {
        this.pool = pool;
        this.config = config;
        this.maxInFlight = config.asyncMaxInFlight();
        this.operationTimeoutNanos = config.operationTimeout().toNanos();
        this.channels = new AsyncChannel[config.asyncConnections()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = new AsyncChannel(this, group.next());
        }
    }

    /**
     * Sends {@code commands} together on one channel.
     *
     * @param finisher turns the results (position i for command i) into the future's value, on the I/O thread
     * @return the future of the result; failed at once if the server is down or the in-flight limit is reached
     */
    <T> CompletableFuture<T> send(List<? extends MetaCommand<?>> commands, Function<Object[], T> finisher) {
        long start = System.nanoTime();
        int size = commands.size();
        if (inFlight.addAndGet(size) > maxInFlight) {
            inFlight.addAndGet(-size);
            pool.metrics().record(start, false);
            return CompletableFuture.failedFuture(new MemcachedException(
                    pool.server(),
                    "too many requests in flight: the limit of " + maxInFlight
                            + " per server (memjcache.async.maxInFlight) is reached; retry later or raise it"));
        }
        long outages;
        try {
            outages = pool.checkAvailable();
        } catch (MemcachedException e) {
            inFlight.addAndGet(-size);
            pool.metrics().record(start, false);
            return CompletableFuture.failedFuture(e);
        }
        AsyncRequest<T> request = new AsyncRequest<>(this, commands, finisher, start, operationTimeoutNanos, outages);
        channels[Math.floorMod(turn.getAndIncrement(), channels.length)].submit(request);
        return request.future();
    }

    /** Releases a finished request's share of the limit and records it. */
    void finished(AsyncRequest<?> request, boolean succeeded) {
        inFlight.addAndGet(-request.size());
        pool.metrics().record(request.startNanos(), succeeded);
    }

    /** @return whether every request submitted so far has been written to its channel (or failed) */
    boolean allWritten() {
        for (AsyncChannel channel : channels) {
            if (!channel.allWritten()) {
                return false;
            }
        }
        return true;
    }

    /** @return the commands in flight now */
    int inFlight() {
        return inFlight.get();
    }

    /** Records an answer: the server is alive. */
    void answered() {
        pool.answered();
    }

    /** @return the failure of a request whose connection failed with {@code e}; marks the server down as needed */
    MemcachedException serverFailed(IOException e, long outages) {
        return pool.serverFailed(e, outages);
    }

    /** @return the failure of a request the server answered with an error, explained */
    MemcachedException answeredWithError(ErrorResponseException e, long outages) {
        return pool.answeredWithError(e, outages);
    }

    /** @return whether {@link #answeredWithError} explains {@code e} without asking the server anything */
    boolean explainsAtOnce(ErrorResponseException e) {
        String answer = e.answer();
        return answer == null || !ItemSizeLimit.refusesSize(answer) || pool.knowsItemSizeLimit();
    }

    ServerAddress address() {
        return pool.server();
    }

    @Nullable
    ClientTls tls() {
        return config.tls();
    }

    @Nullable
    Credentials credentials() {
        return config.credentials();
    }

    Duration connectTimeout() {
        return config.connectTimeout();
    }

    long connectTimeoutNanos() {
        return config.connectTimeout().toNanos();
    }

    long operationTimeoutNanos() {
        return operationTimeoutNanos;
    }

    @Override
    public void close() {
        for (AsyncChannel channel : channels) {
            channel.close();
        }
    }
}
