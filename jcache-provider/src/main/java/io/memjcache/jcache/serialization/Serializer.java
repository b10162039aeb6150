package io.memjcache.jcache.serialization;

import org.jspecify.annotations.Nullable;

/**
 * Turns cache keys and values into bytes for memcached and back. The provider stores everything by value, so every
 * key and value passes through a serializer on the way in and out.
 *
 * <p>Contract: equal keys must serialize to equal bytes, because the provider identifies a stored entry by the bytes
 * of its serialized key. Implementations are configured with the {@code memjcache.serializer} setting; they need a
 * public no-argument constructor and must be thread-safe (one instance serves every cache of a manager).
 *
 * <p>Nullness: {@code serialize} and {@code deserialize} never return {@code null} for non-null input; see the
 * implementation for how it treats a {@code null} value.
 */
public interface Serializer {

    /**
     * @param value a key or value to store
     * @return its bytes (a new array the caller may keep)
     * @throws IllegalArgumentException if the value cannot be serialized; the message names its class
     */
    byte[] serialize(Object value);

    /**
     * @param bytes bytes produced by {@link #serialize(Object)} of the same implementation
     * @param classLoader the loader that resolves classes named in the bytes (the cache manager's)
     * @return the value the bytes describe; {@code null} only if the implementation serializes {@code null}
     * @throws IllegalStateException if the bytes are corrupt or describe a class that is refused or not loadable;
     *     the message names the class or the reason
     */
    @Nullable
    Object deserialize(byte[] bytes, ClassLoader classLoader);

    /**
     * Serializes a key. Equal keys must give equal bytes (the provider finds an entry by its key's bytes); the
     * default is {@link #serialize}, fine for serializers whose output is canonical.
     *
     * @param key a key to store
     * @return its bytes (a new array the caller may keep)
     * @throws IllegalArgumentException if the key cannot be serialized, or not canonically; the message names its
     *     class and what to do
     */
    default byte[] serializeKey(Object key) {
        return serialize(key);
    }

    /**
     * Serializes a value that readers will deserialize with {@code readable} as their allow-list. A serializer that
     * enforces the list on reading should refuse here what it would refuse there, so that a value that could never
     * be read back fails when it is stored instead of becoming a silent miss. The default is {@link #serialize}.
     *
     * @param value    a value to store
     * @param readable the classes the cache's readers allow ({@code memjcache.serialization.allow} plus its types)
     * @return its bytes (a new array the caller may keep)
     * @throws IllegalArgumentException if the value cannot be serialized or holds a refused class; the message
     *     names the class and the setting that would allow it
     */
    default byte[] serialize(Object value, AllowedClasses readable) {
        return serialize(value);
    }

    /**
     * Deserializes a cache's key or value. The default ignores the allow-list and the type, and calls
     * {@link #deserialize(byte[], ClassLoader)}: a serializer that can instantiate arbitrary classes should
     * override it, so that it never instantiates a class the list does not allow.
     *
     * @param bytes        bytes produced by this implementation
     * @param classLoader  the loader that resolves classes named in the bytes (the cache manager's)
     * @param allowed      the classes the cache may read ({@code memjcache.serialization.allow} plus its types)
     * @param expectedType the cache's configured key or value type; refuse other top-level types early
     * @return the key or value the bytes describe
     * @throws IllegalStateException if the bytes are corrupt, refused or describe a class that is not loadable
     */
    default @Nullable Object deserialize(
            byte[] bytes, ClassLoader classLoader, AllowedClasses allowed, Class<?> expectedType) {
        return deserialize(bytes, classLoader);
    }
}
