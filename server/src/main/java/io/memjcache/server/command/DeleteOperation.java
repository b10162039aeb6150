package io.memjcache.server.command;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;
import io.memjcache.server.store.WatchCmd;

/**
 * Delete in every protocol: text {@code delete}, meta {@code md} (with CAS and invalidation), binary delete (with
 * CAS), atomic under the key's stripe lock, with memcached's statistics. Thread-safe (stateless apart from its
 * collaborators). Internal, not API.
 */
public final class DeleteOperation {

    public enum Result {
        /** The item was deleted, or marked stale by an invalidation. */
        DELETED,
        NOT_FOUND,
        /** The item's CAS is not the one required. */
        EXISTS
    }

    private final ItemStore store;
    private final ServerStats stats;

    public DeleteOperation(ItemStore store, ServerStats stats) {
        this.store = store;
        this.stats = stats;
    }

    /** Deletes the live item under {@code key}, whatever its CAS. */
    public Result delete(KeyBuffer key) {
        return delete(key, false, 0, false, -1, WatchCmd.DELETE);
    }

    /**
     * @param hasCas whether the item must have the CAS {@code casIn} (meta {@code C}; binary when its CAS is not 0)
     * @param invalidate meta {@code I}: instead of removing the item, mark it stale (so the next reader wins the
     *     right to refresh it) with a new CAS
     * @param newExpiresAt with {@code invalidate}, the expiry to give the item (meta {@code T}), or -1 to keep it
     * @param cmd how {@code watch deletions} names the request: {@code delete} or {@code md}
     */
    public Result delete(
            KeyBuffer key, boolean hasCas, long casIn, boolean invalidate, long newExpiresAt, WatchCmd cmd) {
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item item = store.live(segment, key, store.now(), false);
            if (item == null) {
                stats.deleteMisses.increment();
                return Result.NOT_FOUND;
            }
            if (hasCas && item.cas != casIn) {
                stats.deleteMisses.increment();
                return Result.EXISTS;
            }
            if (invalidate) {
                if (newExpiresAt >= 0) {
                    item.setExpiresAt(newExpiresAt);
                }
                item.setBits((item.bits() | Item.STALE) & ~Item.WIN_SENT);
                item.cas = store.nextCas();
                store.logDeleted(segment, item, cmd);
                return Result.DELETED;
            }
            stats.deleteHits.increment();
            ServerStats.hit(stats.classDeleteHits, item);
            store.unlink(segment, item, cmd);
            return Result.DELETED;
        } finally {
            segment.unlock();
        }
    }

    /**
     * Drops the item a refused set would have replaced, as memcached does so that no stale value outlives the
     * failed update; not counted as a delete.
     */
    public void dropStale(KeyBuffer key) {
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item old = store.live(segment, key, store.now(), false);
            if (old != null) {
                // Reported as a deletion by the set, so that readers elsewhere drop the value too.
                store.unlink(segment, old, WatchCmd.SET);
            }
        } finally {
            segment.unlock();
        }
    }
}
