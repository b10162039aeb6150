package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;
import org.jspecify.annotations.Nullable;

/**
 * One call of an annotated method, as handed to cache resolvers and key generators.
 *
 * <p>Immutable after construction (the arrays returned are copies) and so thread-safe, although a call is used by
 * one thread. {@link #getValueParameter()} is {@code null} for annotations other than {@code @CachePut}; nothing else
 * returns {@code null}.
 *
 * @param <A> the caching annotation type
 */
final class KeyInvocationContext<A extends Annotation> implements CacheKeyInvocationContext<A> {

    private final MethodDetails<A> details;
    private final Object target;
    private final CacheInvocationParameter[] allParameters;
    private final CacheInvocationParameter[] keyParameters;
    private final @Nullable CacheInvocationParameter valueParameter;

    KeyInvocationContext(
            MethodDetails<A> details,
            Object target,
            CacheInvocationParameter[] allParameters,
            CacheInvocationParameter[] keyParameters,
            @Nullable CacheInvocationParameter valueParameter) {
        this.details = details;
        this.target = target;
        this.allParameters = allParameters;
        this.keyParameters = keyParameters;
        this.valueParameter = valueParameter;
    }

    @Override
    public Method getMethod() {
        return details.getMethod();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return details.getAnnotations();
    }

    @Override
    public A getCacheAnnotation() {
        return details.getCacheAnnotation();
    }

    @Override
    public String getCacheName() {
        return details.getCacheName();
    }

    @Override
    public Object getTarget() {
        return target;
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
        return allParameters.clone();
    }

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
        return keyParameters.clone();
    }

    @Override
    public @Nullable CacheInvocationParameter getValueParameter() {
        return valueParameter;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("Cannot unwrap a cache invocation context to " + type.getName());
    }
}
