package io.memjcache.server.command;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;
import io.memjcache.server.store.WatchCmd;
import io.memjcache.server.store.WatchLog;

/**
 * The storage commands of every protocol ({@code set add replace append prepend cas}, meta {@code ms}, binary
 * set/add/replace/append/prepend): admission of the item before its value arrives (memcached's size limit, memory),
 * then the store itself, atomic under the key's stripe lock, with memcached's rules for CAS, add/replace and
 * append/prepend, and its statistics. A request is a few arguments and the connection's reusable {@link KeyBuffer},
 * so that this layer adds no allocation to a set beyond the item and its outcome. Thread-safe (stateless apart from
 * its collaborators).
 *
 * <p>Internal, not API.
 */
public final class StoreOperations {

    public enum Status {
        STORED,
        NOT_STORED,
        EXISTS,
        NOT_FOUND,
        NO_MEMORY
    }

    /** What a store did; {@code cas} is the stored item's CAS, 0 when nothing was stored. */
    public record Outcome(Status status, long cas) {
        static final Outcome NOT_STORED = new Outcome(Status.NOT_STORED, 0);
        static final Outcome EXISTS = new Outcome(Status.EXISTS, 0);
        static final Outcome NOT_FOUND = new Outcome(Status.NOT_FOUND, 0);
    }

    /** Whether an item may be stored, decided before its value is read. */
    public enum Admission {
        /** Room is reserved for it: pass {@link #reservation} to {@link #store} or {@link #release}. */
        ADMITTED,
        /** Over the item size limit ({@code SERVER_ERROR object too large for cache}). */
        TOO_LARGE,
        /** The memory limit leaves no room for it ({@code SERVER_ERROR out of memory storing object}). */
        NO_MEMORY
    }

    private final ItemStore store;
    private final ServerStats stats;
    private final int maxItemSize;

    public StoreOperations(ItemStore store, ServerStats stats, int maxItemSize) {
        this.store = store;
        this.stats = stats;
        this.maxItemSize = maxItemSize;
    }

    /** @return the memory an item of this key and value length holds while its value is read and once stored */
    public static long reservation(int keyLength, int valueLength) {
        return Item.heapCost(keyLength + valueLength + 2);
    }

    /**
     * Checks an item against the item size limit and reserves its memory, counting refusals as memcached does.
     *
     * @return {@link Admission#ADMITTED} when {@link #reservation} bytes are reserved for it
     */
    public Admission admit(int keyLength, int clientFlags, int valueLength) {
        if (Item.memcachedSize(keyLength, clientFlags, valueLength) > maxItemSize) {
            stats.storeTooLarge.increment();
            return Admission.TOO_LARGE;
        }
        if (!store.reserveInFlight(reservation(keyLength, valueLength))) {
            stats.storeNoMemory.increment();
            return Admission.NO_MEMORY;
        }
        return Admission.ADMITTED;
    }

    /** Gives back what {@link #admit} reserved, for a value that will not be stored (the connection closed). */
    public void release(long reserved) {
        store.releaseInFlight(reserved);
    }

    /** Gives back the reservation of a value that arrived malformed; memcached counts it as a set all the same. */
    public void rejectBadChunk(long reserved) {
        store.releaseInFlight(reserved);
        stats.cmdSet.increment();
    }

    /**
     * Stores {@code data} (key, value, terminator) under {@code key}: gives back the item's reservation, links it,
     * then evicts what another request may have taken of the room released just before linking.
     *
     * @param reserved what {@link #admit} reserved for the item ({@link #reservation}), 0 if nothing was
     * @param casIn the CAS the client requires, 0 for none
     * @param allowStale meta {@code I}: a CAS older than the item's still stores, marking the item stale
     * @param newCas the CAS to give the item (meta {@code E}), 0 to draw the next one
     */
    public Outcome store(
            long reserved,
            KeyBuffer key,
            byte[] data,
            int clientFlags,
            long expiresAt,
            long casIn,
            StoreMode mode,
            boolean allowStale,
            long newCas) {
        int keyLength = key.length;
        store.releaseInFlight(reserved);
        stats.cmdSet.increment();
        if (mode == StoreMode.APPEND || mode == StoreMode.PREPEND) {
            // memcached counts the set in the class of the item holding the appended data (flags 0).
            stats.classSets.increment(Item.memcachedSize(keyLength, 0, data.length - keyLength - 2));
            Outcome outcome = concatenate(key, data, casIn, mode == StoreMode.APPEND, newCas);
            store.trimToLimit();
            return outcome;
        }
        long now = store.now();
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item old = store.live(segment, key, now, false);
            Item item = new Item(data, keyLength, clientFlags, expiresAt, 0, now);
            WatchCmd cmd = WatchCmd.valueOf(mode.name());
            if (key.base64) {
                item.mark(Item.KEY_BINARY);
            }
            ServerStats.hit(stats.classSets, item);
            if (old != null) {
                switch (mode) {
                    case ADD:
                        segment.bump(old);
                        store.storeRefused(segment, item, "not_stored", cmd, key.cfd);
                        return Outcome.NOT_STORED;
                    case CAS:
                        if (casIn == old.cas) {
                            ServerStats.hit(stats.classCasHits, old);
                            stats.casHits.increment();
                        } else if (allowStale && casIn != 0 && Long.compareUnsigned(casIn, old.cas) < 0) {
                            item.setExpiresAt(old.expiresAt());
                            item.mark(Item.STALE | (old.bits() & Item.WIN_SENT));
                            ServerStats.hit(stats.classCasHits, old);
                            stats.casHits.increment();
                        } else {
                            ServerStats.hit(stats.classCasBadval, old);
                            stats.casBadval.increment();
                            store.storeRefused(segment, item, "exists", cmd, key.cfd);
                            return Outcome.EXISTS;
                        }
                        break;
                    default:
                        break;
                }
            } else if (mode == StoreMode.CAS) {
                stats.casMisses.increment();
                store.storeRefused(segment, item, "not_found", cmd, key.cfd);
                return Outcome.NOT_FOUND;
            } else if (mode == StoreMode.REPLACE) {
                store.storeRefused(segment, item, "not_stored", cmd, key.cfd);
                return Outcome.NOT_STORED;
            }
            item.cas = newCas != 0 ? newCas : store.nextCas();
            store.link(segment, item, old, cmd, key.cfd);
            return new Outcome(Status.STORED, item.cas);
        } finally {
            segment.unlock();
            store.trimToLimit();
        }
    }

    private Outcome concatenate(KeyBuffer key, byte[] data, long casIn, boolean append, long newCas) {
        int keyLength = key.length;
        int addedLength = data.length - keyLength - 2;
        while (true) {
            long now = store.now();
            StoreSegment segment = store.segment(key.hash);
            Item seen;
            segment.lock();
            try {
                seen = store.live(segment, key, now, false);
                if (seen == null) {
                    refused(segment, key, data, now, "not_stored", append);
                    return Outcome.NOT_STORED;
                }
                if (casIn != 0 && casIn != seen.cas) {
                    refused(segment, key, data, now, "exists", append);
                    return Outcome.EXISTS;
                }
            } finally {
                segment.unlock();
            }
            long merged = (long) keyLength + seen.valueLength() + addedLength + 2;
            if (merged > Integer.MAX_VALUE - 16
                    || Item.memcachedSize(keyLength, seen.clientFlags, merged - keyLength - 2) > maxItemSize
                    || !store.reserve(Item.heapCost((int) merged))) {
                return Outcome.NOT_STORED;
            }
            segment.lock();
            try {
                Item current = store.recheck(segment, key, store.now());
                if (current != seen) {
                    continue;
                }
                byte[] joined = new byte[(int) merged];
                System.arraycopy(data, 0, joined, 0, keyLength);
                int oldLength = seen.valueLength();
                if (append) {
                    System.arraycopy(seen.data, seen.keyLength(), joined, keyLength, oldLength);
                    System.arraycopy(data, keyLength, joined, keyLength + oldLength, addedLength);
                } else {
                    System.arraycopy(data, keyLength, joined, keyLength, addedLength);
                    System.arraycopy(seen.data, seen.keyLength(), joined, keyLength + addedLength, oldLength);
                }
                joined[joined.length - 2] = '\r';
                joined[joined.length - 1] = '\n';
                Item item = new Item(
                        joined,
                        keyLength,
                        seen.clientFlags,
                        seen.expiresAt(),
                        newCas != 0 ? newCas : store.nextCas(),
                        now);
                item.setBits(seen.bits() & (Item.FETCHED | Item.KEY_BINARY));
                store.link(segment, item, seen, append ? WatchCmd.APPEND : WatchCmd.PREPEND, key.cfd);
                return new Outcome(Status.STORED, item.cas);
            } finally {
                segment.unlock();
            }
        }
    }

    /** Reports an append or prepend that changed nothing, as memcached does, with the data offered. */
    private void refused(StoreSegment segment, KeyBuffer key, byte[] data, long now, String status, boolean append) {
        if (store.watch.watching(WatchLog.MUTATIONS)) {
            Item offered = new Item(data, key.length, 0, 0, 0, now);
            store.storeRefused(segment, offered, status, append ? WatchCmd.APPEND : WatchCmd.PREPEND, key.cfd);
        }
    }
}
