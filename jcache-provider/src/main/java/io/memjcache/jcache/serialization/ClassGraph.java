package io.memjcache.jcache.serialization;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Collects what a configured cache type is made of, for {@link AllowedClasses}: the type, its serializable
 * superclasses, and the declared types and type arguments of its serialized (non-static, non-transient) fields,
 * transitively. Platform classes are left out: the JDK's are allowed only through {@link JdkValueClasses}, so a
 * field of type {@code Object} or {@code java.net.URL} allows nothing.
 *
 * <p>Thread-safe (stateless). Not part of the provider's API. Arguments must not be {@code null}.
 */
final class ClassGraph {

    private ClassGraph() {}

    /** Adds the binary names of {@code root} and what it is made of to {@code names}. */
    static void collect(Class<?> root, Set<String> names) {
        Deque<Type> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Type type = pending.poll();
            if (type instanceof ParameterizedType parameterized) {
                pending.add(parameterized.getRawType());
                pending.addAll(java.util.List.of(parameterized.getActualTypeArguments()));
            } else if (type instanceof GenericArrayType array) {
                pending.add(array.getGenericComponentType());
            } else if (type instanceof WildcardType wildcard) {
                pending.addAll(java.util.List.of(wildcard.getUpperBounds()));
            } else if (type instanceof Class<?> cls) {
                Class<?> element = cls;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (!element.isPrimitive()
                        && !JdkValueClasses.isPlatform(element.getName())
                        && names.add(element.getName())) {
                    addMembers(element, pending);
                }
            }
        }
    }

    private static void addMembers(Class<?> cls, Deque<Type> pending) {
        for (Class<?> c = cls; c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
            pending.add(c);
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
                    pending.add(field.getGenericType());
                }
            }
        }
    }
}
