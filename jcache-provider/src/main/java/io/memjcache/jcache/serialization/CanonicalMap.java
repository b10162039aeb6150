package io.memjcache.jcache.serialization;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How a {@link java.util.Map} inside a key is serialized: its entries in the order of their keys' canonical bytes,
 * so equal maps give equal bytes whatever their class, capacity or insertion order. Read back as a
 * {@link HashMap}.
 *
 * <p>Immutable after construction; only the serialization machinery reads it. Keys and values may be
 * {@code null}.
 */
final class CanonicalMap implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The keys, sorted by their canonical bytes. */
    private final Object[] keys;
    /** The value of each key, at the same index. */
    private final Object[] values;

    CanonicalMap(Object[] sortedKeys, Object[] values) {
        this.keys = sortedKeys;
        this.values = values;
    }

    /** Equal by content, so that equal collections in one key are written once and referenced after. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalMap other
                && Arrays.equals(keys, other.keys)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + Arrays.hashCode(values);
    }

    private Object readResolve() {
        Map<Object, Object> map = new HashMap<>();
        for (int i = 0; i < keys.length && i < values.length; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }
}
