package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * The resolver factory used when no annotation names one: caches are resolved by name from the cache manager the
 * integration is configured with, and created when missing.
 *
 * <p>Thread-safe. Never returns {@code null}.
 */
final class DefaultResolverFactory implements CacheResolverFactory {

    private final Supplier<CacheManager> cacheManager;

    DefaultResolverFactory(Supplier<CacheManager> cacheManager) {
        this.cacheManager = cacheManager;
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        return new NamedCacheResolver(cacheManager, details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        return new NamedCacheResolver(cacheManager, details.getCacheAnnotation().exceptionCacheName());
    }
}
