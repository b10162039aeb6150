package io.memjcache.jcache.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One cache entry as it is kept in memcached: the generation of the cache it was written in, the instant (epoch
 * milliseconds) after which it is expired, and the serialized key and value.
 *
 * <p>Thread-safe: immutable apart from the arrays, which callers must not modify. No component is {@code null}.
 *
 * @param generation     the cache generation current when the entry was written
 * @param deadlineMillis the expiry instant in epoch milliseconds; {@link #ETERNAL} for never
 * @param key            the serialized key
 * @param value          the serialized value
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the arrays by content
public record StoredEntry(long generation, long deadlineMillis, byte[] key, byte[] value) {

    /** The deadline of an entry that never expires. */
    public static final long ETERNAL = Long.MAX_VALUE;

    /** Checks that no component is null. */
    public StoredEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /**
     * @param nowMillis the current time in epoch milliseconds
     * @return whether the entry has expired at that time (its deadline is not after it)
     */
    public boolean isExpiredAt(long nowMillis) {
        return deadlineMillis <= nowMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry e
                && generation == e.generation
                && deadlineMillis == e.deadlineMillis
                && Arrays.equals(key, e.key)
                && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, deadlineMillis, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "StoredEntry[generation=" + generation + ", deadline=" + deadlineMillis + ", key=" + key.length
                + " bytes, value=" + value.length + " bytes]";
    }
}
