package io.memjcache.jcache;

import java.io.Serializable;
import java.util.Objects;

/**
 * A value class that a later deploy may change: an ordinary class, not a record, because Java serialization does
 * not compare the {@code serialVersionUID} of records. Immutable and thread-safe; the label is never {@code null}.
 */
public final class EvolvingValue implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String label;

    /** @param label what the value says */
    public EvolvingValue(String label) {
        this.label = Objects.requireNonNull(label, "label");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvolvingValue value && value.label.equals(label);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return "EvolvingValue[" + label + "]";
    }
}
