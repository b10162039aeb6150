package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs a request on a thread of its own so that its caller can stop waiting for the answer before the request's
 * own bound (its operation timeout) expires: for a replicated read, which would rather ask the next replica than
 * wait out a silent owner. The request itself is not cut short: it runs to its answer or its timeout on its shared
 * connection as any other (so the batch it is part of reads every answer in order, and a timeout still marks the
 * server down), and an answer nobody waits for any more is dropped.
 *
 * <p>The threads are daemons, started on demand and ended after a minute idle; at most {@value #MAX_THREADS} run at
 * once, and beyond that a caller runs its request itself, waiting for it as long as the request's own bound (the
 * bound degrades, never the answer).
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
final class BoundedWaits implements AutoCloseable {

    /** Requests that can be waited for at once; a silent server holds each for its operation timeout. */
    static final int MAX_THREADS = 256;

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.named("memjcache-bounded-read"),
            new ThreadPoolExecutor.CallerRunsPolicy());

    /**
     * Runs {@code request} and waits for its result at most {@code waitNanos}.
     *
     * @param server the server the request goes to, named by the failure when no answer comes in time
     * @throws MemcachedException when the request failed, or did not answer within {@code waitNanos} (its message
     *     then says "no answer within"); the request goes on, and its answer will be discarded
     */
    <T> T await(ServerAddress server, long waitNanos, Supplier<T> request) {
        return answer(server, executor.submit(request::get), waitNanos);
    }

    /**
     * Runs every request at once and waits for each at most {@code waitNanos} from now, all of them sharing that
     * wait (a read of several servers' keys in one operation); each request goes on past it as in
     * {@link #await}. The outcomes are handed over on the calling thread, in the order of {@code requests}; a
     * failure other than a {@link MemcachedException} is thrown.
     *
     * @param answered takes each request's server and result
     * @param failed takes each failed or late request's server and failure (for a late one, saying "no answer
     *     within")
     */
    <T> void awaitEach(
            Map<ServerAddress, Supplier<T>> requests,
            long waitNanos,
            BiConsumer<ServerAddress, T> answered,
            BiConsumer<ServerAddress, MemcachedException> failed) {
        long deadline = System.nanoTime() + waitNanos;
        Map<ServerAddress, Future<T>> answers = new LinkedHashMap<>();
        requests.forEach((server, request) -> answers.put(server, executor.submit(request::get)));
        answers.forEach((server, answer) -> {
            T result;
            try {
                result = answer(server, answer, deadline - System.nanoTime());
            } catch (MemcachedException e) {
                failed.accept(server, e);
                return;
            }
            answered.accept(server, result);
        });
    }

    private static <T> T answer(ServerAddress server, Future<T> answer, long waitNanos) {
        try {
            return answer.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MemcachedException(
                    server, "no answer within " + TimeUnit.NANOSECONDS.toMillis(Math.max(0, waitNanos)) + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new MemcachedException(server, "the request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemcachedException(server, "interrupted while waiting for the answer");
        }
    }

    /** Stops the threads; requests in flight fail as the client's connections close. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
