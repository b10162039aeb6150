package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * {@code @CacheRemove} and {@code @CacheRemoveAll}: remove one entry (by the generated key) or every entry, before
 * the method or (by default) after it returns; after a failure only when the {@code evictFor/noEvictFor} rules say
 * so.
 *
 * <p>Stateless and thread-safe.
 */
final class RemoveOperation {

    private RemoveOperation() {}

    static Object run(BoundCacheMethod method, InterceptedCall call) throws Exception {
        CacheMethodModel model = method.model();
        KeyInvocationContext<? extends Annotation> context = model.contextFor(call.target(), call.arguments());
        boolean all = model.operation() == CacheOperation.REMOVE_ALL;
        Object key = all ? null : model.requiredKeyGenerator().generateCacheKey(context);
        Cache<Object, Object> cache = method.cacheResolver().resolveCache(context);
        boolean after = model.settings().afterInvocation();
        if (!after) {
            evict(cache, key);
        }
        Object result;
        try {
            result = call.proceed();
        } catch (Exception failure) {
            if (after && model.settings().exceptionFilter().matches(failure)) {
                evict(cache, key);
            }
            throw failure;
        }
        if (after) {
            evict(cache, key);
        }
        return result;
    }

    /** Removes {@code key}, or everything when {@code key} is {@code null} ({@code @CacheRemoveAll}). */
    private static void evict(Cache<Object, Object> cache, @Nullable Object key) {
        if (key == null) {
            cache.removeAll();
        } else {
            cache.remove(key);
        }
    }
}
