package io.memjcache.jcache.store;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one read of an entry found: the memcached item's CAS token (0 when memcached holds no item under the key),
 * the generation of the server holding the key, read in the same batch, and the entry if the item is one of this
 * key in this generation. A write based on the snapshot goes to the same server, so it carries that generation.
 * A later conditional write or delete uses the CAS token, so it fails if anybody changed the item in between.
 *
 * <p>Immutable and thread-safe. {@link #entry()} is {@code null} when the item is absent, stale (older
 * generation), foreign or belongs to another key with the same hash.
 *
 * @param memcachedKey the memcached key of the entry
 * @param cas          the item's CAS token; 0 when there is no item
 * @param generation   the generation of the key's server at the time of the read
 * @param entry        the entry, or {@code null}; may be expired, see {@link #isLiveAt(long)}
 */
public record Snapshot(
        String memcachedKey,
        long cas,
        long generation,
        @Nullable StoredEntry entry) {

    /** Checks the key. */
    public Snapshot {
        Objects.requireNonNull(memcachedKey, "memcachedKey");
    }

    /**
     * @return whether this was read from a replica while the key's owner could not answer (with
     *     {@code memjcache.replicas} above 1): no owner has generation 0, and a write or removal based on it fails
     *     until the owner is back
     */
    public boolean readFromReplica() {
        return generation == 0;
    }

    /** @return whether an unexpired entry was found */
    public boolean isLiveAt(long nowMillis) {
        return entry != null && !entry.isExpiredAt(nowMillis);
    }

    /** @return whether an entry was found that has expired: it must be reported as expired and then removed */
    public boolean isExpiredAt(long nowMillis) {
        return entry != null && entry.isExpiredAt(nowMillis);
    }
}
