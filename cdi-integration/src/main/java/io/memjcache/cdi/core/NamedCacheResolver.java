package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Resolves one cache by name from the configured cache manager, creating it with a default
 * {@link MutableConfiguration} (object keys and values, store-by-value, eternal) when it does not exist. The cache is
 * remembered until it is closed, so a destroyed cache or a closed manager is looked up (and re-created) again.
 *
 * <p>Thread-safe. Never returns {@code null}.
 */
final class NamedCacheResolver implements CacheResolver {

    private final Supplier<CacheManager> cacheManager;
    private final String cacheName;
    private volatile @Nullable Cache<Object, Object> cache;

    NamedCacheResolver(Supplier<CacheManager> cacheManager, String cacheName) {
        this.cacheManager = cacheManager;
        this.cacheName = cacheName;
    }

    @Override
    @SuppressWarnings("unchecked") // the caller names K and V; annotation caches hold objects of any type
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
        Cache<Object, Object> current = cache;
        if (current == null || current.isClosed()) {
            current = lookUpOrCreate(cacheManager.get());
            cache = current;
        }
        return (Cache<K, V>) current;
    }

    private Cache<Object, Object> lookUpOrCreate(CacheManager manager) {
        Cache<Object, Object> existing = manager.getCache(cacheName);
        if (existing != null) {
            return existing;
        }
        try {
            return manager.createCache(cacheName, new MutableConfiguration<Object, Object>());
        } catch (CacheException raced) {
            // Another thread (or application) created it between getCache and createCache.
            Cache<Object, Object> created = manager.getCache(cacheName);
            if (created == null) {
                throw raced;
            }
            return created;
        }
    }
}
