package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * replace, replace-if-equal and getAndReplace: they change only an existing entry (update expiry, UPDATED event,
 * writer first). replace-if-equal that finds another value counts as a read and applies the access expiry.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}) and are never {@code null};
 * {@code getAndReplace} returns {@code null} when there was no entry.
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
        return replaceIf(key, value, found -> true).changed();
    }

    @Nullable
    V getAndReplace(K key, V value) {
        return replaceIf(key, value, found -> true).found();
    }

    boolean replace(K key, V expected, V value) {
        return replaceIf(key, value, found -> Objects.equals(found, expected)).changed();
    }

    /** Replaces a live value that {@code wanted} accepts, counting a read and, when it replaced, a put. */
    private CacheCore.Change<V> replaceIf(K key, V value, Predicate<V> wanted) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        CacheCore.Change<V> change = core.changeExisting(
                key, keyBytes, batch, wanted, writer -> writer.write(new MemjcacheEntry<>(key, value)), current -> {
                    long deadline = core.expiry.onUpdate(current.now(), current.deadline());
                    if (!core.write(current, keyBytes, valueBytes, deadline)) {
                        return false;
                    }
                    batch.updated(key, value, current.presentValue());
                    return true;
                });
        core.recordHitOrMiss(change.found() != null);
        if (change.changed()) {
            core.recordPuts(1);
            core.recordPutTime(start);
        }
        batch.dispatch();
        return change;
    }
}
