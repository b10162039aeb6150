package io.memjcache.jcache;

import io.memjcache.jcache.support.Unwrapping;
import java.util.Map;
import java.util.Objects;
import javax.cache.Cache;

/**
 * A key-value pair handed out by the provider: by iterators, and to cache writers.
 *
 * <p>Immutable and thread-safe; neither key nor value is {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MemjcacheEntry<K, V> implements Cache.Entry<K, V> {

    private final K key;
    private final V value;

    /**
     * @param key   the key
     * @param value the value
     */
    public MemjcacheEntry(K key, V value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
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
    public <T> T unwrap(Class<T> clazz) {
        return Unwrapping.unwrap(this, clazz, "a cache entry");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemjcacheEntry<?, ?> e && key.equals(e.key) && value.equals(e.value);
    }

    @Override
    public int hashCode() {
        return Map.entry(key, value).hashCode();
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
