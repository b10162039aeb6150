package io.memjcache.jcache.event;

import io.memjcache.jcache.support.Unwrapping;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * An entry event as delivered to listeners. Following JCache 1.1, {@link #getValue()} of a REMOVED or EXPIRED event
 * is the value the entry had, the same as {@link #getOldValue()}. The old value is always supplied when known,
 * whether or not the listener asked for it (the specification allows this).
 *
 * <p>Immutable and thread-safe (the values are fresh copies owned by the event). The key is never {@code null};
 * values may be {@code null} where the event type has none.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {

    private static final long serialVersionUID = 1L;

    private final K key;
    private final transient V value;
    private final transient @Nullable V oldValue;

    /**
     * @param source   the cache the entry belongs to
     * @param type     what happened
     * @param key      the entry's key
     * @param value    the new value (for REMOVED/EXPIRED: the old value)
     * @param oldValue the previous value, or {@code null} if there was none
     */
    public EntryEvent(Cache<K, V> source, EventType type, K key, V value, @Nullable V oldValue) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public @Nullable V getOldValue() {
        return oldValue;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValue != null;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrapping.unwrap(this, clazz, "an entry event");
    }

    @Override
    public String toString() {
        return "EntryEvent[" + getEventType() + " " + key + "]";
    }
}
