package io.memjcache.jcache.integration;

import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls a cache's {@link CacheLoader}, turning any failure into the {@link CacheLoaderException} the JCache
 * specification requires the caller to see.
 *
 * <p>Thread-safe if the loader is. {@link #load} returns {@code null} when the loader has no value.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LoaderAdapter<K, V> {

    private final CacheLoader<K, V> loader;

    /** @param loader the application's loader */
    public LoaderAdapter(CacheLoader<K, V> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** @return the loaded value, or {@code null} if the loader has none */
    public V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("loading " + key + " failed: " + e, e);
        }
    }

    /** @return the values the loader found; keys it has no value for are absent, never mapped to null */
    public Map<K, V> loadAll(Iterable<? extends K> keys) {
        Map<K, V> loaded;
        try {
            loaded = loader.loadAll(keys);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("loading failed: " + e, e);
        }
        Map<K, V> result = new HashMap<>();
        if (loaded != null) {
            loaded.forEach((key, value) -> {
                if (key != null && value != null) {
                    result.put(key, value);
                }
            });
        }
        return result;
    }

    /** @return the loader, to close it with the cache if it is {@link Closeable} */
    public CacheLoader<K, V> loader() {
        return loader;
    }
}
