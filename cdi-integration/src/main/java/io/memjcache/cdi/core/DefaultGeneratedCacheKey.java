package io.memjcache.cdi.core;

import java.io.Serializable;
import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The cache key the default key generator builds from a method's key parameters: equal when the parameter values are
 * equal, arrays compared element by element (deeply). It is {@link Serializable} so the JCache provider can store it;
 * memjcache derives the memcached key from its serialized form, so equal keys name the same memcached entry.
 *
 * <p>Immutable (the values array is copied; the values themselves should be immutable) and thread-safe. Values may
 * be {@code null}.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {

    private static final long serialVersionUID = 1L;

    /** Serialized as is: {@code Object[]} is serializable when its elements are, which the generator checks. */
    private final Object[] values;

    /**
     * @param values the key parameter values, in parameter order
     */
    public DefaultGeneratedCacheKey(Object... values) {
        this.values = values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DefaultGeneratedCacheKey key && Arrays.deepEquals(values, key.values);
    }

    @Override
    public int hashCode() {
        // Computed, not stored: a stored hash would be serialized into the key's bytes (and so into the memcached
        // key), and identity-based hashes such as an enum's differ between JVMs.
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "DefaultGeneratedCacheKey" + Arrays.deepToString(values);
    }
}
