package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ServerAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link NearCache}: what a read found on the server, enough to answer the next read of the key
 * without the value crossing the network again. The arrays are the cache's own copies, never handed to users.
 *
 * <p>Immutable and thread-safe (the arrays are not changed by anyone once read). {@link #value()} is {@code null}
 * when the value is kept serialized only and is deserialized per hit.
 *
 * @param cas            the memcached CAS token of the item read
 * @param generation     the cache's generation on {@code server} at the time of the read
 * @param server         the server the item was read from
 * @param deadlineMillis the entry's own JCache deadline (epoch millis): past it the entry is never served
 * @param keyBytes       the serialized key
 * @param valueBytes     the serialized value
 * @param value          the deserialized value, kept when it may be handed to every reader as it is
 */
@SuppressWarnings("ArrayRecordComponent") // never compared: the near cache matches entries by identity
public record NearEntry(
        long cas,
        long generation,
        ServerAddress server,
        long deadlineMillis,
        byte[] keyBytes,
        byte[] valueBytes,
        @Nullable Object value) {

    /** What Caffeine's bookkeeping of an entry costs, counted in its weight besides the serialized bytes. */
    static final int OVERHEAD_BYTES = 64;

    /** Checks the components. */
    public NearEntry {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(keyBytes, "keyBytes");
        Objects.requireNonNull(valueBytes, "valueBytes");
        if (cas == 0) {
            throw new IllegalArgumentException("a near entry is an item the server holds: its CAS is not 0");
        }
    }

    /** @return whether the entry may still be served at {@code nowMillis} */
    public boolean liveAt(long nowMillis) {
        return nowMillis < deadlineMillis;
    }

    /** @return the bytes the entry counts for against the near cache's byte bound */
    long weightBytes() {
        return (long) keyBytes.length + valueBytes.length + OVERHEAD_BYTES;
    }
}
