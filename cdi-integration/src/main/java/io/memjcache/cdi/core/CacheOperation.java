package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * The four JSR-107 caching annotations, each naming the operation an interceptor performs around a method.
 *
 * <p>Thread-safe (an enum). Never {@code null} where a parameter or result.
 */
public enum CacheOperation {
    /** {@link CacheResult}: return the cached result, or invoke and cache the result. */
    RESULT(CacheResult.class),
    /** {@link CachePut}: store the {@code @CacheValue} argument. */
    PUT(CachePut.class),
    /** {@link CacheRemove}: remove one entry. */
    REMOVE(CacheRemove.class),
    /** {@link CacheRemoveAll}: remove every entry of a cache. */
    REMOVE_ALL(CacheRemoveAll.class);

    private final Class<? extends Annotation> annotationType;

    CacheOperation(Class<? extends Annotation> annotationType) {
        this.annotationType = annotationType;
    }

    /** @return the annotation that requests this operation */
    public Class<? extends Annotation> annotationType() {
        return annotationType;
    }
}
