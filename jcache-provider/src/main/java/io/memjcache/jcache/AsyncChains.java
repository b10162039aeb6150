package io.memjcache.jcache;

import io.memjcache.jcache.store.AsyncEntryStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous single-key operations of {@link MemjcacheCache} (get, containsKey, put, getAndPut, putIfAbsent, the
 * removes and the replaces, by {@link OptimisticLoop}; invoke and invokeAll, by {@link AsyncInvoke}), chained on the
 * asynchronous client so that no thread waits for memcached, and getAll and putAll, whose read rounds (and putAll's
 * round of writes) are sent on that client (see
 * {@link ReadOperations#getAllAsync}, {@link BulkOperations#putAllAsync}), or, where that chain does not exist, the blocking operation run on the executor: a cache with
 * replicas ({@code memjcache.replicas} above 1), containsKey of a cache with a near cache (its reads are the
 * near cache's; get's go through {@link NearReads#readAsync}), and any call of a closed cache (which then fails as the blocking one does).
 *
 * <p>Thread-safe. Keys and values are checked by the caller and never {@code null}; stages may complete with
 * {@code null} where the blocking operation returns it. A failure to serialize fails the stage, as any failure
 * but a {@code null} argument does.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class AsyncChains<K, V> {

    private final CacheCore<K, V> core;
    private final CacheOperations<K, V> operations;
    private final AsyncCalls async;
    /** The blocking operations, for the calls that take them on the executor. */
    private final Cache<K, V> blocking;

    private final BooleanSupplier closed;

    AsyncChains(
            CacheCore<K, V> core,
            CacheOperations<K, V> operations,
            AsyncCalls async,
            Cache<K, V> blocking,
            BooleanSupplier closed) {
        this.core = core;
        this.operations = operations;
        this.async = async;
        this.blocking = blocking;
        this.closed = closed;
    }

    CompletionStage<V> get(K key) {
        // No thread waits for memcached: the read goes out on the asynchronous client, the decision runs after it
        // (with a near cache, its check goes out instead, or nothing for an eventual near hit)
        return chain(w -> operations.reads().getAsync(key, async, w), () -> blocking.get(key));
    }

    CompletionStage<Boolean> containsKey(K key) {
        if (core.hasNearCache()) {
            return async.supply(() -> blocking.containsKey(key));
        }
        return chain(w -> operations.reads().containsKeyAsync(key, async, w), () -> blocking.containsKey(key));
    }

    CompletionStage<Map<K, V>> getAll(Set<K> keys) {
        if (keys.isEmpty()) {
            return async.supply(() -> blocking.getAll(keys));
        }
        return chain(w -> operations.reads().getAllAsync(keys, async, w), () -> blocking.getAll(keys));
    }

    CompletionStage<Void> put(K key, V value) {
        return chain(
                w -> operations.writes().putAsync(key, value, false, async, w).thenApply(old -> null), () -> {
                    blocking.put(key, value);
                    return null;
                });
    }

    CompletionStage<V> getAndPut(K key, V value) {
        return chain(
                w -> operations.writes().putAsync(key, value, true, async, w), () -> blocking.getAndPut(key, value));
    }

    CompletionStage<Void> putAll(Map<K, V> map) {
        return chain(w -> operations.bulk().putAllAsync(map, async, w), () -> {
            blocking.putAll(map);
            return null;
        });
    }

    CompletionStage<Boolean> putIfAbsent(K key, V value) {
        return chain(
                w -> operations.writes().putIfAbsentAsync(key, value, async, w),
                () -> blocking.putIfAbsent(key, value));
    }

    CompletionStage<Boolean> remove(K key) {
        return chain(
                w -> operations.removes().removeAsync(key, false, async, w).thenApply(CacheCore.Change::changed),
                () -> blocking.remove(key));
    }

    CompletionStage<Boolean> remove(K key, V expected) {
        return chain(
                w -> operations.removes().removeAsync(key, expected, async, w), () -> blocking.remove(key, expected));
    }

    CompletionStage<V> getAndRemove(K key) {
        return chain(
                w -> operations.removes().removeAsync(key, true, async, w).thenApply(CacheCore.Change::found),
                () -> blocking.getAndRemove(key));
    }

    CompletionStage<Boolean> replace(K key, V expected, V value) {
        return chain(
                w -> operations
                        .replaces()
                        .replaceAsync(key, expected, value, async, w)
                        .thenApply(CacheCore.Change::changed),
                () -> blocking.replace(key, expected, value));
    }

    CompletionStage<Boolean> replace(K key, V value) {
        return chain(
                w -> operations
                        .replaces()
                        .replaceAsync(key, null, value, async, w)
                        .thenApply(CacheCore.Change::changed),
                () -> blocking.replace(key, value));
    }

    CompletionStage<V> getAndReplace(K key, V value) {
        return chain(
                w -> operations
                        .replaces()
                        .replaceAsync(key, null, value, async, w)
                        .thenApply(CacheCore.Change::found),
                () -> blocking.getAndReplace(key, value));
    }

    <T> CompletionStage<T> invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
        return chain(
                w -> operations.invokes().invokeAsync(key, processor, arguments, async, w),
                () -> blocking.invoke(key, processor, arguments));
    }

    <T> CompletionStage<Map<K, EntryProcessorResult<T>>> invokeAll(
            Set<K> keys, EntryProcessor<K, V, T> processor, Object[] arguments) {
        if (keys.isEmpty()) {
            return async.supply(() -> blocking.invokeAll(keys, processor, arguments)); // completed on the executor
        }
        return chain(
                w -> operations.invokes().invokeAllAsync(keys, processor, arguments, async, w),
                () -> blocking.invokeAll(keys, processor, arguments));
    }

    /**
     * @param chained     the call on the asynchronous client, given the store's asynchronous writes
     * @param onExecutor  the blocking operation, run on the executor when there is no chain
     * @return the chained call's stage, failed if starting it threw (a value that cannot be serialized)
     */
    private <T> CompletionStage<T> chain(
            Function<AsyncEntryStore, CompletionStage<T>> chained, Supplier<@Nullable T> onExecutor) {
        AsyncEntryStore asyncStore = core.store.asyncStore();
        if (asyncStore == null || closed.getAsBoolean()) {
            return async.supply(onExecutor);
        }
        try {
            return chained.apply(asyncStore);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
