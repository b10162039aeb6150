package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.Objects;

/**
 * remove, remove-if-equal and getAndRemove: optimistic loops of read, decide, CAS-guarded delete. The writer's
 * delete runs before the cache changes. remove-if-equal that finds another value applies the access expiry, as
 * the specification counts it as a read.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}).
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
    V removeWithoutWriter(K key, byte[] keyBytes) {
        EventBatch<K, V> batch = core.events.newBatch();
        V old;
        while (true) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            old = current.value();
            if (old == null) {
                core.dropIfExpired(current);
                break;
            }
            if (core.delete(current)) {
                batch.removed(key, old);
                break;
            }
        }
        batch.dispatch();
        return old;
    }

    boolean remove(K key, V expected) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        EventBatch<K, V> batch = core.events.newBatch();
        boolean writerCalled = false;
        Boolean removed = null;
        while (removed == null) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            if (!current.present()) {
                core.dropIfExpired(current);
                core.recordMisses(1);
                removed = false;
            } else if (!Objects.equals(current.value(), expected)) {
                core.touch(current);
                core.recordHits(1);
                removed = false;
            } else {
                if (core.writer != null && !writerCalled) {
                    core.writer.delete(key);
                    writerCalled = true;
                }
                if (core.delete(current)) {
                    batch.removed(key, current.value());
                    core.recordHits(1);
                    core.recordRemovals(1);
                    core.recordRemoveTime(start);
                    removed = true;
                }
            }
        }
        batch.dispatch();
        return removed;
    }

    V getAndRemove(K key) {
        long start = System.nanoTime();
        if (core.writer != null) {
            core.writer.delete(key);
        }
        V old = removeWithoutWriter(key, core.codec.keyBytes(key));
        if (old == null) {
            core.recordMisses(1);
        } else {
            core.recordHits(1);
            core.recordRemovals(1);
            core.recordRemoveTime(start);
        }
        return old;
    }
}
