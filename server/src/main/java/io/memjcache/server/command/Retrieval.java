package io.memjcache.server.command;

import io.memjcache.server.stats.PrefixStats;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;
import io.memjcache.server.store.WatchCmd;

/**
 * Reading and touching items in every protocol: text {@code get gets gat gats touch}, meta {@code mg me}, binary
 * get/getk/gat/touch.
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

    /**
     * Encodes a meta get's hit. Called with the key's stripe lock held; as in memcached, the meta flags that change
     * the item ({@code T}, {@code N}, {@code R}) take effect in request order while the answer is written.
     *
     * @param <T> where the answer goes (the protocol's connection state)
     */
    @FunctionalInterface
    public interface MetaHitWriter<T> {
        /**
         * @param created whether the item was created by this request (a miss with vivify)
         * @return false if the answer was replaced by an error; the hit is then not counted
         */
        boolean write(T target, Item item, boolean created);
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
        // As memcached counts them: a get-and-touch is a touch, not a get.
        (touch ? stats.cmdTouch : stats.cmdGet).increment();
        segment.lock();
        try {
            Item item = store.live(segment, key, now, true);
            prefixStats.recordGet(key.bytes, key.length, item != null);
            if (item == null) {
                (touch ? stats.touchMisses : stats.getMisses).increment();
                return MISS;
            }
            if (touch) {
                item.setExpiresAt(newExpiresAt);
                stats.touchHits.increment();
                ServerStats.hit(stats.classTouchHits, item);
            } else {
                stats.getHits.increment();
                ServerStats.hit(stats.classGetHits, item);
            }
            item.mark(Item.FETCHED);
            item.touch(now);
            segment.bump(item);
            return writer.write(target, item);
        } finally {
            segment.unlock();
        }
    }

    /**
     * Meta get ({@code mg}): looks up {@code key}, creating an empty item on a miss when {@code vivify}, and writes a
     * hit; counts it as a get, or as a touch when the request sets a new TTL.
     *
     * @param update whether to mark the item fetched and move it to the head of the LRU (meta {@code u} says not)
     * @return false for a miss (nothing written)
     */
    public <T> boolean metaGet(
            KeyBuffer key, long now, boolean vivify, boolean touch, boolean update, T target, MetaHitWriter<T> writer) {
        stats.cmdGet.increment();
        StoreSegment segment = store.segment(key.hash);
        boolean created = false;
        segment.lock();
        try {
            Item item = store.live(segment, key, now, true);
            if (item == null && vivify) {
                byte[] data = new byte[key.length + 2];
                System.arraycopy(key.bytes, 0, data, 0, key.length);
                data[key.length] = '\r';
                data[key.length + 1] = '\n';
                item = new Item(data, key.length, 0, 0, store.nextCas(), now);
                store.link(segment, item, null, WatchCmd.ADD, key.cfd);
                created = true;
            }
            if (item == null) {
                (touch ? stats.touchMisses : stats.getMisses).increment();
                return false;
            }
            if (!writer.write(target, item, created)) {
                return true;
            }
            if (touch) {
                stats.touchHits.increment();
                ServerStats.hit(stats.classTouchHits, item);
            } else {
                stats.getHits.increment();
                ServerStats.hit(stats.classGetHits, item);
            }
            if (update) {
                item.mark(Item.FETCHED);
                item.touch(now);
                segment.bump(item);
            }
            return true;
        } finally {
            segment.unlock();
            if (created) {
                // The new (empty) item was linked without a reservation: evict until the store is within its limit.
                store.trimToLimit();
            }
        }
    }

    /**
     * Writes the live item under {@code key} as it is, without counting or touching it (meta {@code me}).
     *
     * @return what {@code writer} returned, or {@link #MISS}
     */
    public <T> int peek(KeyBuffer key, long now, T target, HitWriter<T> writer) {
        StoreSegment segment = store.segment(key.hash);
        segment.lock();
        try {
            Item item = store.live(segment, key, now, false);
            return item == null ? MISS : writer.write(target, item);
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
                item.setExpiresAt(expiresAt);
                item.touch(now);
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
