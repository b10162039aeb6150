package io.memjcache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheValue;

/**
 * What is known about one parameter of an annotated method before any call: position, declared type, annotations.
 *
 * <p>Immutable and thread-safe. Never {@code null}.
 */
final class ParameterDetails {

    private final int position;
    private final Class<?> rawType;
    private final Set<Annotation> annotations;

    private ParameterDetails(int position, Class<?> rawType, Set<Annotation> annotations) {
        this.position = position;
        this.rawType = rawType;
        this.annotations = annotations;
    }

    /** @return the details of every parameter of {@code method}, in order */
    static List<ParameterDetails> of(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        List<ParameterDetails> result = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            result.add(new ParameterDetails(i, types[i], Set.of(annotations[i])));
        }
        return List.copyOf(result);
    }

    int position() {
        return position;
    }

    Class<?> rawType() {
        return rawType;
    }

    boolean isKey() {
        return has(CacheKey.class);
    }

    boolean isValue() {
        return has(CacheValue.class);
    }

    private boolean has(Class<? extends Annotation> type) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType() == type) {
                return true;
            }
        }
        return false;
    }

    /** @return this parameter with the value of one call */
    CacheInvocationParameter withValue(Object value) {
        return new InvocationParameter(value);
    }

    /** One parameter of one call. Immutable; the value may be {@code null}. */
    private final class InvocationParameter implements CacheInvocationParameter {
        private final Object value;

        InvocationParameter(Object value) {
            this.value = value;
        }

        @Override
        public Class<?> getRawType() {
            return rawType;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Set<Annotation> getAnnotations() {
            return annotations;
        }

        @Override
        public int getParameterPosition() {
            return position;
        }
    }
}
