package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * remove, remove-if-equal and getAndRemove: optimistic loops of read, decide, CAS-guarded delete. The writer's
 * delete runs before the cache changes. remove-if-equal that finds another value applies the access expiry, as
 * the specification counts it as a read.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}) and are never {@code null};
 * a removed value is returned, {@code null} when there was none.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RemoveOperations<K, V> {

    private final CacheCore<K, V> core;
    private final OptimisticLoop<K, V> loop;

    RemoveOperations(CacheCore<K, V> core) {
        this.core = core;
        this.loop = new OptimisticLoop<>(core);
    }

    boolean remove(K key) {
        return loop.run(removeCall(key, false)).changed();
    }

    @Nullable
    V getAndRemove(K key) {
        return loop.run(removeCall(key, true)).found();
    }

    /**
     * As {@link #remove(Object)}, or {@link #getAndRemove} when {@code getAnd}, on the asynchronous client.
     *
     * @return the stage of what was removed: {@link CacheCore.Change#found()} the removed value or {@code null}
     */
    CompletionStage<CacheCore.Change<V>> removeAsync(
            K key, boolean getAnd, AsyncCalls async, AsyncEntryStore asyncStore) {
        return loop.runAsync(removeCall(key, getAnd), async, asyncStore);
    }

    private OptimisticLoop.Call<K, V, CacheCore.Change<V>, CacheCore.Change<V>> removeCall(K key, boolean getAnd) {
        long start = System.nanoTime();
        EventBatch<K, V> batch = core.events.newBatch();
        // The writer is told before reading: a removal reaches it even for an absent entry.
        Runnable callWriter = core.writer == null ? null : () -> core.writer.delete(key);
        return new OptimisticLoop.Call<>(
                key,
                core.codec.keyBytes(key),
                batch,
                callWriter,
                current -> core.decideChange(current, value -> true, () -> {}, c -> delete(key, c, batch)),
                change -> {
                    if (getAnd) {
                        core.recordHitOrMiss(change.found() != null);
                    }
                    if (change.changed()) {
                        core.recordRemovals(1);
                        core.recordRemoveTime(start);
                    }
                    batch.dispatch();
                    return change;
                });
    }

    boolean remove(K key, V expected) {
        return loop.run(removeIfCall(key, expected));
    }

    /** As {@link #remove(Object, Object)}, on the asynchronous client. */
    CompletionStage<Boolean> removeAsync(K key, V expected, AsyncCalls async, AsyncEntryStore asyncStore) {
        return loop.runAsync(removeIfCall(key, expected), async, asyncStore);
    }

    private OptimisticLoop.Call<K, V, CacheCore.Change<V>, Boolean> removeIfCall(K key, V expected) {
        long start = System.nanoTime();
        EventBatch<K, V> batch = core.events.newBatch();
        Runnable callWriter = loop.writerDeleteOnce(key);
        return new OptimisticLoop.Call<>(
                key,
                core.codec.keyBytes(key),
                batch,
                null,
                current -> core.decideChange(
                        current, value -> Objects.equals(value, expected), callWriter, c -> delete(key, c, batch)),
                change -> {
                    core.recordHitOrMiss(change.found() != null);
                    if (change.changed()) {
                        core.recordRemovals(1);
                        core.recordRemoveTime(start);
                    }
                    batch.dispatch();
                    return change.changed();
                });
    }

    /** The delete of the entry as {@code current} saw it, with its REMOVED event once made. */
    private Pass<Boolean> delete(K key, CacheCore.Current<V> current, EventBatch<K, V> batch) {
        return Pass.delete(current.snapshot(), () -> {
            batch.removed(key, current.presentValue());
            return true;
        });
    }
}
