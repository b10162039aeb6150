package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs work on several servers of a {@link MemcachedClient} at once: the first server's share on the calling thread,
 * the others on a small pool of daemon threads this class owns, and gathers the results in server order. Pipelined
 * batches of quiet commands go through {@link #runBatches}, whose results are consumed on the calling thread.
 *
 * <p>Thread-safe. Arguments must not be null and nothing returns null. Whether the client is still open is the
 * caller's to check; after {@link #close()} work on more than one server is rejected by the executor.
 */
final class ServerFanOut implements AutoCloseable {

    /** Consumes one server's commands and their results, in order, with the server's index. */
    @FunctionalInterface
    interface BatchResults<C, R> {
        void accept(int serverIndex, List<C> commands, List<R> results);
    }

    /** Work on one server: its index and its share of the input. */
    @FunctionalInterface
    interface ServerWork<I, T> {
        T run(int serverIndex, I input);
    }

    private final List<ServerAddress> servers;
    private final List<ServerPool> pools;
    private final ThreadPoolExecutor batchExecutor;

    /** @param pools the pool of each of {@code servers}, in the same order */
    ServerFanOut(List<ServerAddress> servers, List<ServerPool> pools) {
        this.servers = servers;
        this.pools = pools;
        // No queue: when every thread is busy the caller runs the batch itself instead of waiting in line.
        int threads = Math.min(64, 4 * servers.size());
        this.batchExecutor = new ThreadPoolExecutor(
                0,
                threads,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                DaemonThreads.named("memjcache-batch"),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Sends each server its batch of quiet commands, pipelined, the servers in parallel, and hands each server's
     * commands and results to {@code sink}, in the order of {@code batches}.
     */
    <R, C extends QuietCommand<R>> void runBatches(Map<Integer, List<C>> batches, BatchResults<C, R> sink) {
        List<List<R>> results = onServers(batches, (index, commands) -> pools.get(index)
                .execute(connection -> Pipeline.executeQuiet(connection, commands)));
        int i = 0;
        for (Map.Entry<Integer, List<C>> batch : batches.entrySet()) {
            // on the calling thread: the sinks need no locking
            sink.accept(batch.getKey(), batch.getValue(), results.get(i++));
        }
    }

    /**
     * Runs {@code work} for each server in {@code inputs}, in parallel when there are several, and returns the
     * results in the same order. If any fails, the first failure is thrown (in server order), others suppressed.
     */
    <I, T> List<T> onServers(Map<Integer, I> inputs, ServerWork<I, T> work) {
        List<Map.Entry<Integer, I>> entries = new ArrayList<>(inputs.entrySet());
        if (entries.isEmpty()) {
            return List.of();
        }
        if (entries.size() == 1) {
            return List.of(work.run(entries.get(0).getKey(), entries.get(0).getValue()));
        }
        List<Future<T>> futures = new ArrayList<>();
        for (Map.Entry<Integer, I> entry : entries.subList(1, entries.size())) {
            futures.add(batchExecutor.submit(() -> work.run(entry.getKey(), entry.getValue())));
        }
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        try {
            results.add(work.run(entries.get(0).getKey(), entries.get(0).getValue()));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                failure = merge(failure, unwrap(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = merge(
                        failure,
                        new MemcachedException(
                                servers.get(entries.get(i + 1).getKey()), "interrupted while waiting for the answer"));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** Stops the threads; work already running is interrupted. */
    @Override
    public void close() {
        batchExecutor.shutdownNow();
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("batch failed", cause);
    }

    private static RuntimeException merge(@Nullable RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
