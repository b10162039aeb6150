package io.memjcache.jcache;

import io.memjcache.jcache.serialization.Serializer;
import java.util.Objects;
import javax.cache.CacheException;

/**
 * Converts one cache's keys and values to and from bytes (the cache stores by value), and applies the runtime type
 * checks the configuration asks for: with types other than {@code Object} configured, a key or value of another
 * type is refused with a {@link ClassCastException}.
 *
 * <p>Thread-safe if the serializer is. Nothing accepts or returns {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ValueCodec<K, V> {

    private final Serializer serializer;
    private final ClassLoader classLoader;
    private final Class<K> keyType;
    private final Class<V> valueType;

    ValueCodec(Serializer serializer, ClassLoader classLoader, Class<K> keyType, Class<V> valueType) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.classLoader = classLoader;
        this.keyType = keyType;
        this.valueType = valueType;
    }

    /** @throws NullPointerException if the key is null; ClassCastException if of the wrong type */
    K checkKey(Object key) {
        Objects.requireNonNull(key, "key");
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " is a " + key.getClass().getName()
                    + ", this cache's keys are " + keyType.getName());
        }
        return keyType.cast(key);
    }

    /** @throws NullPointerException if the value is null; ClassCastException if of the wrong type */
    V checkValue(Object value) {
        Objects.requireNonNull(value, "value");
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value " + value + " is a " + value.getClass().getName()
                    + ", this cache's values are " + valueType.getName());
        }
        return valueType.cast(value);
    }

    byte[] keyBytes(Object key) {
        return serialize(key);
    }

    byte[] valueBytes(Object value) {
        return serialize(value);
    }

    private byte[] serialize(Object object) {
        try {
            return serializer.serialize(object);
        } catch (IllegalArgumentException e) {
            throw new CacheException("cannot store " + object.getClass().getName() + " by value: " + e.getMessage(),
                    e);
        }
    }

    K key(byte[] bytes) {
        return keyType.cast(deserialize(bytes));
    }

    V value(byte[] bytes) {
        return valueType.cast(deserialize(bytes));
    }

    /** The provider never stores null, so null from the serializer means it does not round-trip what it wrote. */
    private Object deserialize(byte[] bytes) {
        Object object = serializer.deserialize(bytes, classLoader);
        if (object == null) {
            throw new CacheException("the serializer " + serializer.getClass().getName()
                    + " turned stored bytes into null");
        }
        return object;
    }
}
