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
 * Runs the asynchronous forms of {@link MemjcacheCache}'s operations on an executor: either chained on requests of
 * the asynchronous client, each step after an answer running on the executor ({@link #afterRead}, {@link #afterIo}),
 * so no thread waits for memcached, or, where no such chain exists, as the blocking operation run on the executor
 * ({@link #supply}), holding one executor thread while it waits. Either way a call has exactly the blocking
 * operation's semantics, statistics, events, expiry, loader and writer calls, as it runs the same decision code,
 * and no user code (loader, writer, entry processor, synchronous listener) ever runs on a client I/O thread. The
 * returned stage is completed on that executor, so stages users attach without an executor of their own run there
 * too, never on an I/O thread.
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
        return afterIo(read, value -> CompletableFuture.completedFuture(decide.apply(value)));
    }

    /**
     * As {@link #afterRead}, for a step that goes on asynchronously: {@code next} runs on the executor with the
     * result of {@code io} once it is in, and the stage it returns gives the outcome. That stage must complete on the
     * executor (a stage of this class, or an already completed one), so the returned stage does too.
     */
    <R, T> CompletableFuture<T> afterIo(CompletableFuture<R> io, Function<R, ? extends CompletionStage<T>> next) {
        Executor target = executor.get();
        CompletableFuture<T> result = new CompletableFuture<>();
        // The stage whenComplete returns only repeats the read's outcome, which result carries instead
        var unused = io.whenComplete((value, failure) -> {
            try {
                target.execute(() -> continueWith(result, value, failure, next));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(refused(e));
            }
        });
        return result;
    }

    /** As {@link #supply}, for an operation that goes on asynchronously: {@code first} runs on the executor. */
    <T> CompletableFuture<T> onExecutor(Supplier<? extends CompletionStage<T>> first) {
        return afterIo(CompletableFuture.completedFuture(null), ignored -> first.get());
    }

    private <R, T> void continueWith(
            CompletableFuture<T> result,
            R value,
            @Nullable Throwable failure,
            Function<R, ? extends CompletionStage<T>> next) {
        if (failure != null) {
            fail(result, failure);
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = CacheFailures.translate(cacheName, () -> next.apply(value));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return;
        }
        // The stage whenComplete returns only repeats the outcome, which result carries instead
        var unused = stage.whenComplete((outcome, stageFailure) -> {
            if (stageFailure != null) {
                fail(result, stageFailure);
            } else {
                result.complete(outcome);
            }
        });
    }

    /**
     * @return what {@code failure} stands for: the cause of a {@link CompletionException} (which a dependent stage
     *         wraps around the failure it saw), else {@code failure} itself
     */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Fails {@code result} with the cause of {@code failure}, a memcached failure as the blocking API reports it. */
    private void fail(CompletableFuture<?> result, Throwable failure) {
        Throwable cause = unwrapped(failure);
        result.completeExceptionally(
                cause instanceof MemcachedException memcached ? CacheFailures.translated(cacheName, memcached) : cause);
    }
}
