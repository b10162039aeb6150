package io.memjcache.jcache.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * One store ({@code ms}) to perform. Internal: not part of the provider's API.
 *
 * <p>Immutable by convention: the value array is not copied, so it must not change after the request is built.
 * No component is null.
 *
 * @param key        the key (validated as {@link MemcachedClient} describes)
 * @param value      the bytes to store
 * @param flags      32-bit client flags, returned by later reads
 * @param ttlSeconds seconds to live as memcached takes them: 0 never expires, up to 30 days relative, above that
 *                   an absolute Unix time; 0 to 2^32-1
 * @param cas        store only if the item's CAS token equals this; 0 stores unconditionally
 * @param mode       set, add, replace, append or prepend
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare the arrays by content
public record StoreRequest(String key, byte[] value, int flags, long ttlSeconds, long cas, StoreMode mode) {

    /** Validates the request. */
    public StoreRequest {
        Keys.validate(key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(mode, "mode");
        if (ttlSeconds < 0 || ttlSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ttlSeconds must be between 0 and 2^32-1, was " + ttlSeconds);
        }
        if (cas < 0) {
            throw new IllegalArgumentException("cas must not be negative, was " + cas);
        }
    }

    /** @return an unconditional set of {@code value} under {@code key}, without flags */
    public static StoreRequest set(String key, byte[] value, long ttlSeconds) {
        return new StoreRequest(key, value, 0, ttlSeconds, 0, StoreMode.SET);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreRequest that
                && key.equals(that.key)
                && Arrays.equals(value, that.value)
                && flags == that.flags
                && ttlSeconds == that.ttlSeconds
                && cas == that.cas
                && mode == that.mode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), flags, ttlSeconds, cas, mode);
    }

    @Override
    public String toString() {
        return "StoreRequest[" + mode + " " + key + ", " + value.length + " bytes, flags="
                + Integer.toUnsignedString(flags) + ", ttlSeconds=" + ttlSeconds + ", cas=" + cas + "]";
    }
}
