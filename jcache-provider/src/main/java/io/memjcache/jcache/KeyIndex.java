package io.memjcache.jcache;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keys of a bulk operation with their serialized bytes and memcached keys: a pipelined round answers per
 * memcached key, and this maps each answer back to its cache key.
 *
 * <p>Thread-safe: not modified after construction (each bulk operation builds its own anyway). Keys must not be
 * {@code null}; lookups of a key or memcached key not indexed return {@code null}.
 *
 * @param <K> the key type
 */
final class KeyIndex<K> {

    private final Map<K, byte[]> bytesByKey = new LinkedHashMap<>();
    private final Map<String, K> keysByMemcachedKey = new HashMap<>();

    /** Serializes every key once. */
    KeyIndex(Collection<? extends K> keys, CacheCore<K, ?> core) {
        for (K key : keys) {
            byte[] bytes = core.codec.keyBytes(key);
            bytesByKey.put(key, bytes);
            keysByMemcachedKey.put(core.store.memcachedKey(bytes), key);
        }
    }

    /** @return the serialized keys, in the order the keys were given; for a pipelined read of them all */
    Collection<byte[]> allKeyBytes() {
        return Collections.unmodifiableCollection(bytesByKey.values());
    }

    /** @return the serialized form of {@code key}, which must be one of the indexed keys */
    byte[] keyBytes(K key) {
        return Objects.requireNonNull(bytesByKey.get(key), "not an indexed key");
    }

    /** @return the cache key stored under {@code memcachedKey}, which must be the memcached key of an indexed key */
    K key(String memcachedKey) {
        return Objects.requireNonNull(keysByMemcachedKey.get(memcachedKey), "not an indexed memcached key");
    }
}
