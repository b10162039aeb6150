package io.memjcache.jcache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Runs the asynchronous forms of {@link MemjcacheCache}'s operations: each call is the blocking operation run on an
 * executor, so it has exactly the blocking operation's semantics, statistics, events, expiry, loader and writer
 * calls, and no user code (loader, writer, entry processor, synchronous listener) ever runs on a client I/O thread.
 * The returned stage is completed on that executor, so stages users attach without an executor of their own run
 * there too, never on an I/O thread. Each call holds one executor thread while it waits for memcached.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; results are never {@code null} (a stage may complete with
 * {@code null} where the blocking operation returns it).
 */
final class AsyncCalls {

    private final String cacheName;
    private final Supplier<Executor> executor;

    /**
     * @param cacheName the cache's name, for messages
     * @param executor  supplies the executor the calls run on, asked at each call (the default one is made lazily)
     */
    AsyncCalls(String cacheName, Supplier<Executor> executor) {
        this.cacheName = cacheName;
        this.executor = executor;
    }

    /**
     * @return a stage completed with what {@code operation} returns, or exceptionally with what it throws; failed
     *         at once with a {@link CacheException} when the executor refuses the call (back pressure: too many
     *         calls queued)
     */
    <T> CompletionStage<T> supply(Supplier<T> operation) {
        try {
            return CompletableFuture.supplyAsync(operation, executor.get());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new CacheException(
                    "cache " + cacheName + ": asynchronous call refused, too many calls in flight"
                            + " (the executor's queue is full; wait for some stages to complete): " + e.getMessage(),
                    e));
        }
    }

    /** As {@link #supply} for an operation without a result: the stage completes with {@code null}. */
    CompletionStage<Void> run(Runnable operation) {
        return supply(() -> {
            operation.run();
            return null;
        });
    }
}
