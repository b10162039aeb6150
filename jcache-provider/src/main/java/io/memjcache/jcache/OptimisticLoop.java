package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs the optimistic read-decide-write loops of the single-key operations (put, putIfAbsent, remove, replace and
 * their forms), in two ways that share every decision: {@link #run} with the blocking client on the caller's
 * thread, and {@link #runAsync} on the asynchronous client, where nothing waits for memcached: each read, write or
 * delete is sent, and the step after its answer (the decision, which may call the expiry policy and the writer, or
 * the finish, which dispatches events to listeners) runs on the executor, never on the client's I/O thread.
 *
 * <p>Two steps of an asynchronous call still run with the blocking client on the executor thread: a read whose
 * server's generation counter must be created or repaired ({@link AsyncEntryStore#read} answers empty), and a
 * delete that must be followed by a delete marker (a cache near-cached in eventual mode elsewhere). A cache with
 * replicas has no asynchronous loop at all ({@link EntryStore#asyncStore()} is {@code null}).
 *
 * <p>Thread-safe. Arguments must not be {@code null}; results may be {@code null} where an operation's are.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class OptimisticLoop<K, V> {

    private final CacheCore<K, V> core;

    OptimisticLoop(CacheCore<K, V> core) {
        this.core = core;
    }

    /**
     * One call of an operation: what it does before its first read, how it decides each pass, and how it finishes
     * (statistics, events dispatched, result). The batch is reset before each pass; the passes of an asynchronous
     * call run one after the other, each after the previous one's answer, so the batch is used by one thread at a
     * time.
     *
     * <p>Immutable; the parts are given to the constructor:
     * {@code key} the key, {@code keyBytes} the key serialized, {@code batch} the operation's events,
     * {@code before} the writer calls made before reading (user code) or {@code null} for none, {@code decide}
     * the decision of one pass on the entry as read, {@code finish} what the operation does with the last pass's
     * result, giving its own result.
     *
     * @param <R> the result of a pass
     * @param <T> the result of the operation
     */
    static final class Call<K, V, R, T> {
        private final K key;
        private final byte[] keyBytes;
        private final EventBatch<K, V> batch;
        private final @Nullable Runnable before;
        private final Function<CacheCore.Current<V>, Pass<R>> decide;
        private final Function<R, T> finish;

        Call(
                K key,
                byte[] keyBytes,
                EventBatch<K, V> batch,
                @Nullable Runnable before,
                Function<CacheCore.Current<V>, Pass<R>> decide,
                Function<R, T> finish) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.batch = batch;
            this.before = before;
            this.decide = decide;
            this.finish = finish;
        }
    }

    /** @return a runnable that runs {@code action} at its first run only, for the writer calls made at most once */
    static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    /** @return the writer's write of the entry (write-through), made at the first run only; none without a writer */
    Runnable writerWriteOnce(K key, V value) {
        return once(() -> {
            if (core.writer != null) {
                core.writer.write(new MemjcacheEntry<>(key, value));
            }
        });
    }

    /** @return the writer's delete of the key (write-through), made at the first run only; none without a writer */
    Runnable writerDeleteOnce(K key) {
        return once(() -> {
            if (core.writer != null) {
                core.writer.delete(key);
            }
        });
    }

    /** Runs the call with the blocking client; @return the operation's result */
    <R, T> T run(Call<K, V, R, T> call) {
        if (call.before != null) {
            call.before.run();
        }
        while (true) {
            call.batch.reset();
            CacheCore.Current<V> current = core.read(call.key, call.keyBytes, call.batch);
            Pass<R> pass = call.decide.apply(current);
            if (applyNow(pass, current.now())) {
                return call.finish.apply(pass.then().get());
            }
        }
    }

    /**
     * Carries a pass out with the blocking client.
     *
     * @return false when a change that must land found the entry changed (read and decide again)
     */
    boolean applyNow(Pass<?> pass, long now) {
        return switch (pass.kind()) {
            case FINISH -> true;
            case WRITE -> core.write(written(pass), now);
            case TOUCH -> {
                core.write(written(pass), now);
                yield true;
            }
            case DELETE -> core.store.delete(deleted(pass));
            case DROP -> {
                core.store.delete(deleted(pass));
                yield true;
            }
        };
    }

    /**
     * Runs the call on the asynchronous client, each step after an answer on {@code async}'s executor.
     *
     * @param asyncStore the store's asynchronous paths (the caller checked it has them)
     * @return the stage of the operation's result, completed on the executor
     */
    <R, T> CompletionStage<T> runAsync(Call<K, V, R, T> call, AsyncCalls async, AsyncEntryStore asyncStore) {
        Runnable before = call.before;
        if (before == null) {
            return pass(call, async, asyncStore);
        }
        return async.onExecutor(() -> {
            before.run();
            return pass(call, async, asyncStore);
        });
    }

    private <R, T> CompletableFuture<T> pass(Call<K, V, R, T> call, AsyncCalls async, AsyncEntryStore asyncStore) {
        long now = core.expiry.now();
        return async.afterIo(asyncStore.read(call.keyBytes), snapshot -> {
            call.batch.reset();
            CacheCore.Current<V> current = snapshot.isPresent()
                    ? core.current(call.key, snapshot.get(), now, call.batch)
                    : core.read(call.key, call.keyBytes, call.batch); // the counter's repair blocks: rare
            Pass<R> pass = call.decide.apply(current);
            if (pass.kind() == Pass.Kind.FINISH) {
                return CompletableFuture.completedFuture(
                        call.finish.apply(pass.then().get()));
            }
            return async.afterIo(
                    applyAsync(pass, current.now(), asyncStore),
                    landed -> landed
                            ? CompletableFuture.completedFuture(
                                    call.finish.apply(pass.then().get()))
                            : pass(call, async, asyncStore));
        });
    }

    /** As {@link #applyNow}, with the asynchronous client; the future completes on its I/O thread. */
    private CompletableFuture<Boolean> applyAsync(Pass<?> pass, long now, AsyncEntryStore asyncStore) {
        return switch (pass.kind()) {
            case FINISH -> CompletableFuture.completedFuture(true);
            case WRITE -> writeAsync(written(pass), now, asyncStore);
            case TOUCH -> writeAsync(written(pass), now, asyncStore).thenApply(landed -> true);
            case DELETE -> asyncStore.delete(deleted(pass));
            case DROP -> asyncStore.delete(deleted(pass)).thenApply(deleted -> true);
        };
    }

    /** As {@link CacheCore#write(EntryStore.Write, long)}: a failed store puts the previous entry back, then fails. */
    private CompletableFuture<Boolean> writeAsync(EntryStore.Write write, long now, AsyncEntryStore asyncStore) {
        return asyncStore
                .write(write.previous(), write.entry(), write.ttlSeconds())
                .exceptionallyCompose(failure -> {
                    Throwable cause = AsyncCalls.unwrapped(failure);
                    if (!(cause instanceof MemcachedException memcached)) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    return asyncStore
                            .restore(write.previous(), core.restoreTtl(write.previous(), now))
                            .thenCompose(restored ->
                                    CompletableFuture.<Boolean>failedFuture(CacheCore.storeFailed(write, memcached)));
                });
    }

    private static EntryStore.Write written(Pass<?> pass) {
        return Objects.requireNonNull(pass.write(), "a writing pass has its write");
    }

    private static Snapshot deleted(Pass<?> pass) {
        return Objects.requireNonNull(pass.snapshot(), "a deleting pass has its item");
    }
}
