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
    @Nullable Object deserialize(byte[] bytes, ClassLoader classLoader);
}
