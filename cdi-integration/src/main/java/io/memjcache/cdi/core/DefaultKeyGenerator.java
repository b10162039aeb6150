package io.memjcache.cdi.core;

import java.io.Serializable;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;
import org.jspecify.annotations.Nullable;

/**
 * The key generator used when no annotation names one: a {@link DefaultGeneratedCacheKey} of the key parameter
 * values. Since the key is stored through the JCache provider it must be serializable, so every key value is checked
 * here: a non-serializable value fails the call before the method runs, with a message naming the method and the
 * parameter, instead of an obscure serialization error from deep inside the provider.
 *
 * <p>Stateless and thread-safe. Never returns {@code null}.
 */
final class DefaultKeyGenerator implements CacheKeyGenerator {

    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        CacheInvocationParameter[] keyParameters = context.getKeyParameters();
        Object[] values = new Object[keyParameters.length];
        for (int i = 0; i < keyParameters.length; i++) {
            CacheInvocationParameter parameter = keyParameters[i];
            Object value = parameter.getValue();
            Object offending = firstNonSerializable(value);
            if (offending != null) {
                throw new IllegalArgumentException("Cannot use parameter " + parameter.getParameterPosition()
                        + " (" + parameter.getRawType().getName() + ") of "
                        + CacheMethodModel.describe(context.getMethod())
                        + " in a cache key: its value contains a " + offending.getClass().getName()
                        + ", which is not Serializable; mark the key parameters with @CacheKey or name a"
                        + " CacheKeyGenerator");
            }
            values[i] = value;
        }
        return new DefaultGeneratedCacheKey(values);
    }

    /** @return the first value (the value itself or an element of an object array) that cannot be serialized */
    private static @Nullable Object firstNonSerializable(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                Object offending = firstNonSerializable(element);
                if (offending != null) {
                    return offending;
                }
            }
            return null;
        }
        return value instanceof Serializable ? null : value;
    }
}
