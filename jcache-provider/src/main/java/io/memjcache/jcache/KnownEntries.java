package io.memjcache.jcache;

import io.memjcache.jcache.store.Snapshot;
import io.memjcache.jcache.store.StoredEntry;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * For {@code invoke} on hot keys: the entry that the last invoke of this JVM wrote under a key, with the CAS token
 * the server gave that write, so that the next invoke on the key can run its processor on it and write at once,
 * conditional on that token, instead of reading first ({@link io.memjcache.jcache.store.EntryStore#writeOverKnown}
 * says when such a write counts). Only a hint: a snapshot that is out of date makes that write fail or be refused,
 * and the invoke then reads as usual.
 *
 * <p>One slot per hash of the memcached key, holding the key last written in it, and only entries of small values
 * (hot keys are counters and the like; a large value gains least from a skipped read): the memory is bounded
 * whatever the number and size of the entries. Thread-safe; {@link #get} returns {@code null} when the key's
 * entry is not known.
 */
final class KnownEntries {

    /** Enough that a hundred hot keys rarely share a slot: each sharing key pays a read again. */
    private static final int SLOTS = 1024;

    /** The largest value kept, in serialized bytes. */
    static final int MAX_VALUE_BYTES = 8 * 1024;

    private final AtomicReferenceArray<@Nullable Snapshot> slots = new AtomicReferenceArray<>(SLOTS);

    /** @return the snapshot of the last write of this JVM under {@code memcachedKey}, or {@code null} */
    @Nullable
    Snapshot get(String memcachedKey) {
        Snapshot known = slots.get(slot(memcachedKey));
        return known != null && known.memcachedKey().equals(memcachedKey) ? known : null;
    }

    /**
     * Remembers a write just made; one without a CAS token or an entry cannot be written over, and one of a large
     * value is not worth its memory: neither is kept.
     */
    void remember(Snapshot written) {
        StoredEntry entry = written.entry();
        if (written.cas() != 0 && entry != null && entry.value().length <= MAX_VALUE_BYTES) {
            slots.set(slot(written.memcachedKey()), written);
        } else {
            forget(written.memcachedKey());
        }
    }

    /** Forgets what is known about {@code memcachedKey}'s entry, if anything. */
    void forget(String memcachedKey) {
        int slot = slot(memcachedKey);
        Snapshot known = slots.get(slot);
        if (known != null && known.memcachedKey().equals(memcachedKey)) {
            slots.compareAndSet(slot, known, null);
        }
    }

    private static int slot(String memcachedKey) {
        int hash = memcachedKey.hashCode();
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
