package io.memjcache.cdi.core;

import javax.cache.annotation.CacheResolver;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheMethodModel} with the cache resolvers its resolver factory returned for it; created once per method,
 * at its first call.
 *
 * <p>Immutable and thread-safe (resolvers are thread-safe by contract). {@link #exceptionCacheResolver()} is
 * {@code null} unless the method is {@code @CacheResult} with an exception cache name.
 */
final class BoundCacheMethod {

    private final CacheMethodModel model;
    private final CacheResolver cacheResolver;
    private final @Nullable CacheResolver exceptionCacheResolver;

    private BoundCacheMethod(
            CacheMethodModel model, CacheResolver cacheResolver, @Nullable CacheResolver exceptionCacheResolver) {
        this.model = model;
        this.cacheResolver = cacheResolver;
        this.exceptionCacheResolver = exceptionCacheResolver;
    }

    /** @return {@code model} with resolvers from its factory */
    static BoundCacheMethod bind(CacheMethodModel model) {
        CacheResolver cacheResolver = model.resolverFactory().getCacheResolver(model.details());
        CacheResolver exceptionResolver = null;
        if (model.resultDetails() != null
                && !model.settings().exceptionCacheName().isEmpty()) {
            exceptionResolver = model.resolverFactory().getExceptionCacheResolver(model.resultDetails());
        }
        if (cacheResolver == null) {
            throw new CacheAnnotationConfigurationException(
                    model.resolverFactory().getClass().getName() + " returned no cache resolver for "
                            + CacheMethodModel.describe(model.details().getMethod()));
        }
        return new BoundCacheMethod(model, cacheResolver, exceptionResolver);
    }

    CacheMethodModel model() {
        return model;
    }

    CacheResolver cacheResolver() {
        return cacheResolver;
    }

    @Nullable
    CacheResolver exceptionCacheResolver() {
        return exceptionCacheResolver;
    }
}
