package io.memjcache.jcache.serialization;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;

/**
 * How a {@link java.util.Set} inside a key is serialized: its elements in the order of their own canonical bytes,
 * so equal sets give equal bytes whatever their class, capacity or insertion order. Read back as a
 * {@link HashSet}.
 *
 * <p>Immutable after construction; only the serialization machinery reads it. Elements may be {@code null}.
 */
final class CanonicalSet implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The elements, sorted by their canonical bytes. */
    private final Object[] elements;

    CanonicalSet(Object[] sortedElements) {
        this.elements = sortedElements;
    }

    /** Equal by content, so that equal collections in one key are written once and referenced after. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalSet other && Arrays.equals(elements, other.elements);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    private Object readResolve() {
        return new HashSet<>(Arrays.asList(elements));
    }
}
