package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CacheResult}: answers from the cache when it holds the key (unless {@code skipGet}), rethrows a cached
 * exception when the exception cache holds one, otherwise invokes the method and caches a non-null result, or the
 * exception when the exception rules say so.
 *
 * <p>Stateless and thread-safe.
 */
final class ResultOperation {

    private ResultOperation() {}

    static Object run(BoundCacheMethod method, InterceptedCall call) throws Exception {
        CacheMethodModel model = method.model();
        KeyInvocationContext<? extends Annotation> context = model.contextFor(call.target(), call.arguments());
        GeneratedCacheKey key = model.requiredKeyGenerator().generateCacheKey(context);
        Cache<Object, Object> cache = method.cacheResolver().resolveCache(context);
        CacheResolver exceptionResolver = method.exceptionCacheResolver();
        Cache<Object, Object> exceptionCache =
                exceptionResolver == null ? null : exceptionResolver.resolveCache(context);

        if (!model.settings().skipGet()) {
            Object cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            if (exceptionCache != null) {
                rethrowCached(exceptionCache.get(key));
            }
        }
        Object result;
        try {
            result = call.proceed();
        } catch (Exception failure) {
            if (exceptionCache != null && model.settings().exceptionFilter().matches(failure)) {
                putQuietly(exceptionCache, key, failure);
            }
            throw failure;
        }
        if (result != null) {
            cache.put(key, result);
        }
        return result;
    }

    private static void rethrowCached(Object cachedFailure) throws Exception {
        if (cachedFailure instanceof Exception exception) {
            throw exception;
        }
        if (cachedFailure instanceof Error error) {
            throw error;
        }
    }

    /** Caching the exception must not hide it: a failure to store is attached to it instead. */
    private static void putQuietly(Cache<Object, Object> exceptionCache, GeneratedCacheKey key, Exception failure) {
        try {
            exceptionCache.put(key, failure);
        } catch (RuntimeException storeFailure) {
            failure.addSuppressed(storeFailure);
        }
    }
}
