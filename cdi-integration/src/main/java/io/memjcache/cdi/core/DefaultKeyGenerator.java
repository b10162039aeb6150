package io.memjcache.cdi.core;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;
import org.jspecify.annotations.Nullable;

/**
 * The key generator used when no annotation names one: a {@link DefaultGeneratedCacheKey} of the key parameter
 * values. Since the key is stored through the JCache provider it must be serializable, so every key value is checked
 * here, deeply (an element of a list, a field of a record): a value that cannot be serialized fails the call before
 * the method runs, with a message naming the method, the parameter and the offending class, instead of an obscure
 * serialization error from deep inside the provider.
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
            String offending = firstNonSerializable(value);
            if (offending != null) {
                throw new IllegalArgumentException("Cannot use parameter " + parameter.getParameterPosition()
                        + " (" + parameter.getRawType().getName() + ") of "
                        + CacheMethodModel.describe(context.getMethod())
                        + " in a cache key: its value contains a " + offending
                        + ", which is not Serializable; mark the key parameters with @CacheKey or name a"
                        + " CacheKeyGenerator");
            }
            values[i] = value;
        }
        return new DefaultGeneratedCacheKey(values);
    }

    /**
     * Serializes the value (to nowhere) rather than checking {@code instanceof Serializable}: a serializable list
     * or record can hold something that is not, anywhere in its object graph.
     *
     * @return the name of the first class in the value's graph that cannot be serialized, or {@code null}
     */
    private static @Nullable String firstNonSerializable(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
            return null;
        } catch (NotSerializableException e) {
            return e.getMessage(); // the name of the offending class
        } catch (IOException e) {
            // A class's own writeObject failed: the value cannot be stored either.
            return value.getClass().getName() + " (" + e + ")";
        }
    }
}
