package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.Objects;

/**
 * replace, replace-if-equal and getAndReplace: they change only an existing entry (update expiry, UPDATED event,
 * writer first). replace-if-equal that finds another value counts as a read and applies the access expiry.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ReplaceOperations<K, V> {

    private final CacheCore<K, V> core;

    ReplaceOperations(CacheCore<K, V> core) {
        this.core = core;
    }

    boolean replace(K key, V value) {
        return replaceReturningOld(key, value) != null;
    }

    V getAndReplace(K key, V value) {
        return replaceReturningOld(key, value);
    }

    private V replaceReturningOld(K key, V value) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        boolean writerCalled = false;
        V old;
        while (true) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            old = current.value();
            if (old == null) {
                core.dropIfExpired(current);
                break;
            }
            if (core.writer != null && !writerCalled) {
                core.writer.write(new MemjcacheEntry<>(key, value));
                writerCalled = true;
            }
            long deadline = core.expiry.onUpdate(current.now(), current.deadline());
            if (core.write(current, keyBytes, valueBytes, deadline)) {
                batch.updated(key, value, old);
                break;
            }
        }
        if (old == null) {
            core.recordMisses(1);
        } else {
            core.recordHits(1);
            core.recordPuts(1);
            core.recordPutTime(start);
        }
        batch.dispatch();
        return old;
    }

    boolean replace(K key, V expected, V value) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        boolean writerCalled = false;
        Boolean replaced = null;
        while (replaced == null) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            if (!current.present()) {
                core.dropIfExpired(current);
                core.recordMisses(1);
                replaced = false;
            } else if (!Objects.equals(current.value(), expected)) {
                core.touch(current);
                core.recordHits(1);
                replaced = false;
            } else {
                if (core.writer != null && !writerCalled) {
                    core.writer.write(new MemjcacheEntry<>(key, value));
                    writerCalled = true;
                }
                long deadline = core.expiry.onUpdate(current.now(), current.deadline());
                if (core.write(current, keyBytes, valueBytes, deadline)) {
                    batch.updated(key, value, current.value());
                    core.recordHits(1);
                    core.recordPuts(1);
                    core.recordPutTime(start);
                    replaced = true;
                }
            }
        }
        batch.dispatch();
        return replaced;
    }
}
