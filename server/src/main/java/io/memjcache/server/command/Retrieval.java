package io.memjcache.server.command;

import io.memjcache.server.stats.PrefixStats;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;

/**
 * Reading and touching items in every protocol: text {@code get gets gat gats touch}, binary get/getk/gat/touch.
 * A hit is handed to the protocol's {@link HitWriter} while the key's stripe lock is held, so that the answer shows
 * the item as this request saw it and its value can be written without a copy. Thread-safe (stateless apart from
 * its collaborators). Internal, not API.
 */
public final class Retrieval {

    /** What {@link #fetch} returns for a miss. */
    public static final int MISS = -1;

    /**
     * Encodes a hit for one protocol. Called with the key's stripe lock held: it must only write the answer.
     *
     * @param <T> where the answer goes (the protocol's connection state)
     */
    @FunctionalInterface
    public interface HitWriter<T> {
        /** @return about how many bytes the answer took, so that long multi-key answers can be written in parts */
        int write(T target, Item item);
    }

    private final ItemStore store;
    private final ServerStats stats;
    private final PrefixStats prefixStats;

    public Retrieval(ItemStore store, ServerStats stats, PrefixStats prefixStats) {
        this.store = store;
        this.stats = stats;
        this.prefixStats = prefixStats;
    }

    /**
     * Looks up {@code key} and, on a hit, marks the item fetched, moves it to the head of the LRU and writes it.
     * A non-capturing {@code writer} (a static method reference) keeps this free of allocation.
     *
     * @param touch whether to set the item's expiry to {@code newExpiresAt} (gat, binary gat/touch)
     * @return what {@code writer} returned, or {@link #MISS}
     */
    public <T> int fetch(KeyBuffer key, long now, boolean touch, long newExpiresAt, T target, HitWriter<T> writer) {
        StoreSegment segment = store.segment(key.hash);
        stats.cmdGet.increment();
        if (touch) {
            stats.cmdTouch.increment();
        }
        segment.lock();
        try {
            Item item = store.live(segment, key, now, true);
            prefixStats.recordGet(key.bytes, key.length, item != null);
            if (item == null) {
                (touch ? stats.touchMisses : stats.getMisses).increment();
                return MISS;
            }
            if (touch) {
                item.expiresAt = newExpiresAt;
                stats.touchHits.increment();
                ServerStats.hit(stats.classTouchHits, item);
            } else {
                stats.getHits.increment();
                ServerStats.hit(stats.classGetHits, item);
            }
            item.bits |= Item.FETCHED;
            item.lastAccess = now;
            segment.bump(item);
            return writer.write(target, item);
        } finally {
            segment.unlock();
        }
    }

    /**
     * Sets the expiry of the item under {@code key} without reading it (text {@code touch}).
     *
     * @return whether there was a live item
     */
    public boolean touch(KeyBuffer key, long expiresAt, long now) {
        stats.cmdTouch.increment();
        StoreSegment segment = store.segment(key.hash);
        boolean touched;
        segment.lock();
        try {
            Item item = store.live(segment, key, now, false);
            touched = item != null;
            if (item != null) {
                item.expiresAt = expiresAt;
                item.lastAccess = now;
                segment.bump(item);
                ServerStats.hit(stats.classTouchHits, item);
            }
        } finally {
            segment.unlock();
        }
        (touched ? stats.touchHits : stats.touchMisses).increment();
        return touched;
    }
}
