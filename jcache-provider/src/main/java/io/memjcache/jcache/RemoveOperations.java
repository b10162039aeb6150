package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.Objects;
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

    RemoveOperations(CacheCore<K, V> core) {
        this.core = core;
    }

    boolean remove(K key) {
        long start = System.nanoTime();
        if (core.writer != null) {
            core.writer.delete(key);
        }
        V old = removeWithoutWriter(key, core.codec.keyBytes(key));
        if (old != null) {
            core.recordRemovals(1);
            core.recordRemoveTime(start);
        }
        return old != null;
    }

    /** Removes the entry with its REMOVED event and no writer call; @return the removed value or null. */
    @Nullable
    V removeWithoutWriter(K key, byte[] keyBytes) {
        EventBatch<K, V> batch = core.events.newBatch();
        // The callers tell the writer themselves, before reading: a removal reaches it even for an absent entry.
        V old = core.changeExisting(
                        key, keyBytes, batch, value -> true, writer -> {}, current -> delete(key, current, batch))
                .found();
        batch.dispatch();
        return old;
    }

    boolean remove(K key, V expected) {
        long start = System.nanoTime();
        EventBatch<K, V> batch = core.events.newBatch();
        CacheCore.Change<V> change = core.changeExisting(
                key,
                core.codec.keyBytes(key),
                batch,
                value -> Objects.equals(value, expected),
                writer -> writer.delete(key),
                current -> delete(key, current, batch));
        core.recordHitOrMiss(change.found() != null);
        if (change.changed()) {
            core.recordRemovals(1);
            core.recordRemoveTime(start);
        }
        batch.dispatch();
        return change.changed();
    }

    @Nullable
    V getAndRemove(K key) {
        long start = System.nanoTime();
        if (core.writer != null) {
            core.writer.delete(key);
        }
        V old = removeWithoutWriter(key, core.codec.keyBytes(key));
        core.recordHitOrMiss(old != null);
        if (old != null) {
            core.recordRemovals(1);
            core.recordRemoveTime(start);
        }
        return old;
    }

    /** Deletes the entry as {@code current} saw it, with its REMOVED event; false means re-read and retry. */
    private boolean delete(K key, CacheCore.Current<V> current, EventBatch<K, V> batch) {
        if (!core.delete(current)) {
            return false;
        }
        batch.removed(key, current.presentValue());
        return true;
    }
}
