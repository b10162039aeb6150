package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CachePut}: stores the {@code @CacheValue} argument under the key, before the method or (by default) after
 * it returns; after a failure only when the {@code cacheFor/noCacheFor} rules say so. A {@code null} value removes
 * the entry, since a JCache cannot hold {@code null} and a stale value would be wrong.
 *
 * <p>Stateless and thread-safe.
 */
final class PutOperation {

    private PutOperation() {}

    static Object run(BoundCacheMethod method, InterceptedCall call) throws Exception {
        CacheMethodModel model = method.model();
        KeyInvocationContext<? extends Annotation> context = model.contextFor(call.target(), call.arguments());
        GeneratedCacheKey key = model.requiredKeyGenerator().generateCacheKey(context);
        Object value = Objects.requireNonNull(context.getValueParameter(), "@CacheValue parameter")
                .getValue();
        Cache<Object, Object> cache = method.cacheResolver().resolveCache(context);
        boolean after = model.settings().afterInvocation();
        if (!after) {
            store(cache, key, value);
        }
        Object result;
        try {
            result = call.proceed();
        } catch (Exception failure) {
            if (after && model.settings().exceptionFilter().matches(failure)) {
                store(cache, key, value);
            }
            throw failure;
        }
        if (after) {
            store(cache, key, value);
        }
        return result;
    }

    private static void store(Cache<Object, Object> cache, GeneratedCacheKey key, Object value) {
        if (value == null) {
            cache.remove(key);
        } else {
            cache.put(key, value);
        }
    }
}
