package io.memjcache.jcache.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * An item read from memcached. Internal: not part of the provider's API.
 *
 * <p>Immutable by convention: the value array is not copied (values can be large), so neither the client nor the
 * caller may modify it. Thread-safe under that convention. {@code value} is never null; equality compares its
 * contents.
 *
 * @param value      the item's bytes
 * @param cas        the item's CAS token, for a later conditional store or delete
 * @param flags      the 32-bit client flags (unsigned on the wire)
 * @param ttlSeconds seconds left to live, or -1 if the item never expires
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the arrays by content
public record StoredValue(byte[] value, long cas, int flags, long ttlSeconds) {

    /** Checks the value is present. */
    public StoredValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredValue that
                && Arrays.equals(value, that.value)
                && cas == that.cas
                && flags == that.flags
                && ttlSeconds == that.ttlSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(value), cas, flags, ttlSeconds);
    }

    @Override
    public String toString() {
        return "StoredValue[" + value.length + " bytes, cas=" + cas + ", flags=" + Integer.toUnsignedString(flags)
                + ", ttlSeconds=" + ttlSeconds + "]";
    }
}
