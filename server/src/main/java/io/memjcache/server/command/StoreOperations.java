package io.memjcache.server.command;

import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;

/**
 * The item operations that text and meta commands share, each atomic under its key's stripe lock, with memcached's
 * rules for CAS, add/replace, append/prepend and counters, and its statistics. Stateless; thread-safe.
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

    private StoreOperations() {}

    /**
     * Stores {@code data} (key, value, terminator) under {@code key}.
     *
     * @param casIn the CAS the client requires, 0 for none
     * @param allowStale meta {@code I}: a CAS older than the item's still stores, marking the item stale
     * @param newCas the CAS to give the item (meta {@code E}), 0 to draw the next one
     */
    public static Outcome store(
            ServerContext server,
            KeyBuffer key,
            byte[] data,
            int keyLength,
            int clientFlags,
            long expiresAt,
            long casIn,
            StoreMode mode,
            boolean allowStale,
            long newCas) {
        ItemStore store = server.store;
        ServerStats stats = server.stats;
        stats.cmdSet.increment();
        if (mode == StoreMode.APPEND || mode == StoreMode.PREPEND) {
            return concatenate(server, key, data, keyLength, casIn, mode == StoreMode.APPEND, newCas);
        }
        long now = store.now();
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item old = store.live(segment, key, now, false);
            Item item = new Item(key.hash, data, keyLength, clientFlags, expiresAt, 0, now);
            if (key.base64) {
                item.bits |= Item.KEY_BINARY;
            }
            ServerStats.hit(stats.classSets, item);
            if (old != null) {
                switch (mode) {
                    case ADD:
                        segment.bump(old);
                        return Outcome.NOT_STORED;
                    case CAS:
                        if (casIn == old.cas) {
                            ServerStats.hit(stats.classCasHits, old);
                            stats.casHits.increment();
                        } else if (allowStale && casIn != 0 && Long.compareUnsigned(casIn, old.cas) < 0) {
                            item.expiresAt = old.expiresAt;
                            item.bits |= Item.STALE | (old.bits & Item.WIN_SENT);
                            ServerStats.hit(stats.classCasHits, old);
                            stats.casHits.increment();
                        } else {
                            ServerStats.hit(stats.classCasBadval, old);
                            stats.casBadval.increment();
                            return Outcome.EXISTS;
                        }
                        break;
                    default:
                        break;
                }
            } else if (mode == StoreMode.CAS) {
                stats.casMisses.increment();
                return Outcome.NOT_FOUND;
            } else if (mode == StoreMode.REPLACE) {
                return Outcome.NOT_STORED;
            }
            item.cas = newCas != 0 ? newCas : store.nextCas();
            store.link(segment, item, old);
            return new Outcome(Status.STORED, item.cas);
        } finally {
            segment.unlock();
        }
    }

    private static Outcome concatenate(
            ServerContext server, KeyBuffer key, byte[] data, int keyLength, long casIn, boolean append, long newCas) {
        ItemStore store = server.store;
        int addedLength = data.length - keyLength - 2;
        while (true) {
            long now = store.now();
            StoreSegment segment = store.segment(key.hash);
            Item seen;
            segment.lock();
            try {
                seen = store.live(segment, key, now, false);
                if (seen == null) {
                    return Outcome.NOT_STORED;
                }
                if (casIn != 0 && casIn != seen.cas) {
                    return Outcome.EXISTS;
                }
            } finally {
                segment.unlock();
            }
            long merged = (long) keyLength + seen.valueLength() + addedLength + 2;
            if (merged > Integer.MAX_VALUE - 16
                    || 48L + 8 + keyLength + 1 + (seen.clientFlags == 0 ? 0 : 4) + merged - keyLength
                            > server.config.maxItemSize()
                    || !store.reserve(Item.heapCost((int) merged))) {
                return Outcome.NOT_STORED;
            }
            segment.lock();
            try {
                Item current = store.live(segment, key, store.now(), false);
                if (current != seen) {
                    continue;
                }
                byte[] joined = new byte[(int) merged];
                System.arraycopy(data, 0, joined, 0, keyLength);
                int oldLength = seen.valueLength();
                if (append) {
                    System.arraycopy(seen.data, seen.keyLength, joined, keyLength, oldLength);
                    System.arraycopy(data, keyLength, joined, keyLength + oldLength, addedLength);
                } else {
                    System.arraycopy(data, keyLength, joined, keyLength, addedLength);
                    System.arraycopy(seen.data, seen.keyLength, joined, keyLength + addedLength, oldLength);
                }
                joined[joined.length - 2] = '\r';
                joined[joined.length - 1] = '\n';
                Item item = new Item(
                        key.hash,
                        joined,
                        keyLength,
                        seen.clientFlags,
                        seen.expiresAt,
                        newCas != 0 ? newCas : store.nextCas(),
                        now);
                item.bits = seen.bits & (Item.FETCHED | Item.KEY_BINARY);
                store.link(segment, item, seen);
                return new Outcome(Status.STORED, item.cas);
            } finally {
                segment.unlock();
            }
        }
    }

    /** @return whether a live item was deleted */
    public static boolean delete(ServerContext server, KeyBuffer key, boolean countStats) {
        ItemStore store = server.store;
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item old = store.live(segment, key, store.now(), false);
            if (old == null) {
                if (countStats) {
                    server.stats.deleteMisses.increment();
                }
                return false;
            }
            if (countStats) {
                server.stats.deleteHits.increment();
                ServerStats.hit(server.stats.classDeleteHits, old);
            }
            store.unlink(segment, old);
            return true;
        } finally {
            segment.unlock();
        }
    }
}
