package io.memjcache.cdi;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * A custom resolver factory: caches are named {@code custom-<name>} in the manager the test hands in, and every
 * request for a resolver is counted by cache name. Static because the integration instantiates it reflectively.
 */
public class RecordingResolverFactory implements CacheResolverFactory {

    private static volatile CacheManager cacheManager;
    private static final Map<String, AtomicInteger> RESOLVER_REQUESTS = new ConcurrentHashMap<>();

    static void reset(CacheManager manager) {
        cacheManager = manager;
        RESOLVER_REQUESTS.clear();
    }

    static int resolverRequests(String cacheName) {
        AtomicInteger count = RESOLVER_REQUESTS.get(cacheName);
        return count == null ? 0 : count.get();
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        return resolverFor(details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        return resolverFor(details.getCacheAnnotation().exceptionCacheName());
    }

    private static CacheResolver resolverFor(String cacheName) {
        RESOLVER_REQUESTS
                .computeIfAbsent(cacheName, name -> new AtomicInteger())
                .incrementAndGet();
        return new CacheResolver() {
            @Override
            @SuppressWarnings("unchecked") // annotation caches hold objects of any type
            public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                String name = "custom-" + cacheName;
                Cache<Object, Object> cache = cacheManager.getCache(name);
                if (cache == null) {
                    cache = cacheManager.createCache(name, new MutableConfiguration<Object, Object>());
                }
                return (Cache<K, V>) cache;
            }
        };
    }
}
