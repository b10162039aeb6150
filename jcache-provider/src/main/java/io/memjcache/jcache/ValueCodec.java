package io.memjcache.jcache;

import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.Serializer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Converts one cache's keys and values to and from bytes (the cache stores by value), and applies the runtime type
 * checks the configuration asks for: with types other than {@code Object} configured, a key or value of another
 * type is refused with a {@link ClassCastException}.
 *
 * <p>Reading is restricted to the classes the cache may hold ({@link AllowedClasses}: the built-in list, the
 * {@code memjcache.serialization.allow} setting and the configured types). Bytes that cannot be read (a class
 * changed or removed by a deploy, a refused class, corrupt data) fail with a {@link CacheException} naming the
 * cache, or, through the {@code readable} methods, read as absent with one WARNING per cache: after a rolling deploy
 * an old entry is a miss, not an error.
 *
 * <p>Thread-safe if the serializer is. Nothing accepts {@code null}; only the {@code readable} methods return it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ValueCodec<K, V> {

    private static final Logger LOG = Logger.getLogger(ValueCodec.class.getName());

    private final String cacheName;
    private final Serializer serializer;
    private final ClassLoader classLoader;
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final AllowedClasses allowed;
    private final AtomicBoolean unreadableLogged = new AtomicBoolean();

    ValueCodec(
            String cacheName,
            Serializer serializer,
            ClassLoader classLoader,
            Class<K> keyType,
            Class<V> valueType,
            AllowedClasses allowed) {
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.classLoader = classLoader;
        this.keyType = keyType;
        this.valueType = valueType;
        this.allowed = allowed.withTypes(keyType, valueType);
    }

    /** @throws NullPointerException if the key is null; ClassCastException if of the wrong type */
    K checkKey(Object key) {
        Objects.requireNonNull(key, "key");
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " is a "
                    + key.getClass().getName() + ", this cache's keys are " + keyType.getName());
        }
        return keyType.cast(key);
    }

    /** @throws NullPointerException if the value is null; ClassCastException if of the wrong type */
    V checkValue(Object value) {
        Objects.requireNonNull(value, "value");
        if (valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value " + value + " is a "
                    + value.getClass().getName() + ", this cache's values are " + valueType.getName());
        }
        return valueType.cast(value);
    }

    /**
     * @throws IllegalArgumentException naming the cache and the key's class when equal keys of that class could
     *     not be guaranteed the same bytes, or the key is not serializable
     */
    byte[] keyBytes(Object key) {
        try {
            // Keys are not held to the allow-list when written: an entry is found by its key's bytes, and key bytes are
            // read back only by the iterator, which skips a key it may not read. Hibernate's query keys, for one, hold
            // classes that no reader needs to instantiate.
            return serializer.serializeKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache " + cacheName + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws CacheException naming the cache and the value's class when the value is not serializable or holds a
     *     class this cache's readers would refuse (naming the class and the {@code memjcache.serialization.allow}
     *     setting): a value that could never be read back fails here rather than becoming a silent miss
     */
    byte[] valueBytes(Object value) {
        try {
            return serializer.serialize(value, allowed);
        } catch (IllegalArgumentException e) {
            throw new CacheException(
                    "cache " + cacheName + ": cannot store " + value.getClass().getName() + " by value: "
                            + e.getMessage(),
                    e);
        }
    }

    /** @throws CacheException naming the cache when the bytes cannot be read as a key */
    K key(byte[] bytes) {
        return decode(bytes, keyType, "key");
    }

    /** @throws CacheException naming the cache when the bytes cannot be read as a value */
    V value(byte[] bytes) {
        return decode(bytes, valueType, "value");
    }

    /** @return the key, or {@code null} (logged once per cache) when the bytes cannot be read */
    @Nullable
    K readableKey(byte[] bytes) {
        return readable(bytes, keyType, "key");
    }

    /** @return the value, or {@code null} (logged once per cache) when the bytes cannot be read */
    @Nullable
    V readableValue(byte[] bytes) {
        return readable(bytes, valueType, "value");
    }

    private <T> @Nullable T readable(byte[] bytes, Class<T> type, String what) {
        try {
            return decode(bytes, type, what);
        } catch (CacheException e) {
            logUnreadable(e);
            return null;
        }
    }

    private <T> T decode(byte[] bytes, Class<T> type, String what) {
        Object decoded;
        try {
            decoded = serializer.deserialize(bytes, classLoader, allowed, type);
        } catch (RuntimeException e) {
            // A custom serializer may fail any way it likes on bytes it did not write: all of it is "unreadable".
            throw new CacheException(
                    "cache " + cacheName + ": cannot read a stored " + what + ": " + e.getMessage(), e);
        }
        if (decoded == null) {
            // The provider never stores null: a serializer that gives it back does not round-trip what it wrote.
            throw new CacheException("cache " + cacheName + ": cannot read a stored " + what + ": the serializer "
                    + serializer.getClass().getName() + " turned stored bytes into null");
        }
        if (!type.isInstance(decoded)) {
            throw new CacheException("cache " + cacheName + ": cannot read a stored " + what + ": it is a "
                    + decoded.getClass().getName() + ", this cache's " + what + "s are " + type.getName());
        }
        return type.cast(decoded);
    }

    private void logUnreadable(CacheException e) {
        if (unreadableLogged.compareAndSet(false, true)) {
            LOG.log(
                    Level.WARNING,
                    e.getMessage() + ". Such entries read as absent and are replaced or removed by "
                            + "writes (for example, written by another version of the application during a rolling "
                            + "deploy); this is logged once per cache",
                    e);
        }
    }
}
