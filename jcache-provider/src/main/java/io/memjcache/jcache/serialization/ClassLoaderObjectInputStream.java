package io.memjcache.jcache.serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * An {@link ObjectInputStream} that resolves every class through one given class loader (the cache manager's), not
 * through the "latest user-defined loader" on the stack, which in a container is usually the wrong one. Every class
 * name is judged by the {@link DeserializationFilter} before it is loaded. Dynamic proxy classes are refused: caches
 * have no use for them and they are a classic way to reach gadget code.
 *
 * <p>Not thread-safe (a stream). Does not accept {@code null}.
 */
final class ClassLoaderObjectInputStream extends ObjectInputStream {

    /** {@code Class.forName} does not know primitive names; a serialized {@code int.class} is written as "int". */
    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean",
            boolean.class,
            "byte",
            byte.class,
            "char",
            char.class,
            "short",
            short.class,
            "int",
            int.class,
            "long",
            long.class,
            "float",
            float.class,
            "double",
            double.class,
            "void",
            void.class);

    private final ClassLoader classLoader;
    private final DeserializationFilter filter;

    ClassLoaderObjectInputStream(InputStream in, ClassLoader classLoader, DeserializationFilter filter)
            throws IOException {
        super(in);
        this.classLoader = classLoader;
        this.filter = filter;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException, InvalidClassException {
        String name = desc.getName();
        // Judge the name before loading the class: a refused class is never even loaded.
        filter.checkName(name);
        try {
            // initialize=false: resolving a name must not run a class's static initialiser.
            return Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException e) {
            Class<?> primitive = PRIMITIVES.get(name);
            if (primitive != null) {
                return primitive;
            }
            throw e;
        }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
        throw new InvalidClassException(
                String.join(",", interfaces), "dynamic proxy classes are refused by the memjcache deserializer");
    }
}
