package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Runs the asynchronous forms of {@link MemjcacheCache}'s operations: each call is the blocking operation run on an
 * executor (or, for {@code getAsync}, a read on the asynchronous client whose decision then runs on the executor,
 * see {@link #afterRead}), so it has exactly the blocking operation's semantics, statistics, events, expiry, loader and writer
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
            return CompletableFuture.failedFuture(refused(e));
        }
    }

    private CacheException refused(RejectedExecutionException e) {
        return new CacheException(
                "cache " + cacheName + ": asynchronous call refused, too many calls in flight"
                        + " (the executor's queue is full; wait for some stages to complete): " + e.getMessage(),
                e);
    }

    /**
     * Chains the rest of an operation on a read sent with the asynchronous client: {@code decide} runs on the
     * executor with the read's result once it is in, so no thread waits for memcached meanwhile, and the stage
     * completes on the executor. A failed read fails the stage (a memcached failure as the {@link CacheException}
     * the blocking operation throws). A refused hand-off fails the stage as {@link #supply} does, then on the I/O
     * thread, the one exception to "completed on the executor".
     */
    <R, T> CompletionStage<T> afterRead(CompletableFuture<R> read, Function<R, T> decide) {
        Executor target = executor.get();
        CompletableFuture<T> result = new CompletableFuture<>();
        // The stage whenComplete returns only repeats the read's outcome, which result carries instead
        var unused = read.whenComplete((value, failure) -> {
            try {
                target.execute(() -> complete(result, value, failure, decide));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(refused(e));
            }
        });
        return result;
    }

    private <R, T> void complete(
            CompletableFuture<T> result, R value, @Nullable Throwable failure, Function<R, T> decide) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            result.completeExceptionally(
                    cause instanceof MemcachedException memcached
                            ? CacheFailures.translated(cacheName, memcached)
                            : cause);
            return;
        }
        try {
            result.complete(CacheFailures.translate(cacheName, () -> decide.apply(value)));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
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
