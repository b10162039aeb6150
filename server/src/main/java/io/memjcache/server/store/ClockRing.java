package io.memjcache.server.store;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The eviction order of one {@link StoreSegment}: its items in an array used as a ring, oldest at the hand, each new
 * item in the next slot after the newest. A CLOCK: a hit only sets the item's {@link Item#ACTIVE} bit, and the hand,
 * on finding an item with the bit set, clears it and moves the item to the newest end, so each hit spares an item
 * once, as memcached's segmented LRU does with items hit while cold. The order is the one a recency list with that
 * rule would have.
 *
 * <p>Why not a doubly linked list: a young collection scans every card of the old generation written since the last
 * one, and linking or unlinking an item writes references into its neighbours, which are random old objects. Here a
 * set writes the new item into the next ring slot (consecutive sets write the same card), and removing an item writes
 * {@code null} into its slot, which needs no card mark. A removed item leaves a hole; the hand passes holes, and when
 * the ring has no slot left, {@link #compact()} copies the items, in order, into a ring half as large again as their
 * number.
 *
 * <p>Not thread-safe: guarded by the segment's lock. Items are never {@code null}; slots may be.
 */
final class ClockRing {

    private static final int MIN_SLOTS = 16;

    private @Nullable Item[] slots = new Item[MIN_SLOTS];
    /** The slot of the oldest item; after {@link #skipHoles()}, an item unless the ring is empty. */
    private int hand;
    /** Slots from the hand to the newest item, holes included. */
    private int span;
    /** Items in the ring. */
    private int live;

    int size() {
        return live;
    }

    /** @return how many slots the ring has (its share of an item's cost) */
    int capacity() {
        return slots.length;
    }

    /** Puts an item at the newest end. */
    void add(Item item) {
        if (span == slots.length) {
            compact();
        }
        append(item);
        live++;
    }

    /** Takes a linked item out, leaving a hole. */
    void remove(Item item) {
        slots[item.ringSlot] = null;
        live--;
        skipHoles();
    }

    /**
     * @return the oldest item, after moving those hit since they last came to the hand to the newest end and clearing
     *     their bit (each hit costs at most one move); null when the ring is empty
     */
    @Nullable
    Item oldest() {
        skipHoles();
        for (int moved = 0; span > 0 && moved < live; moved++) {
            Item item = slots[hand];
            if (item == null || !item.has(Item.ACTIVE)) {
                return item;
            }
            item.clear(Item.ACTIVE);
            slots[hand] = null;
            hand = wrap(hand + 1);
            span--;
            append(item);
            skipHoles();
        }
        return span > 0 ? slots[hand] : null;
    }

    /** @return the first of the {@code count} oldest items that passes the test, or null */
    @Nullable
    Item firstOfOldest(int count, Predicate<Item> test) {
        int seen = 0;
        for (int i = 0; i < span && seen < count; i++) {
            Item item = slots[wrap(hand + i)];
            if (item != null) {
                if (test.test(item)) {
                    return item;
                }
                seen++;
            }
        }
        return null;
    }

    /**
     * Visits every item from the oldest to the newest (an item hit since it last came to the hand still stands where
     * it stood). The visitor may remove the item it is given, and no other.
     */
    void forEach(Consumer<Item> visitor) {
        int start = hand;
        int count = span;
        for (int i = 0; i < count; i++) {
            Item item = slots[wrap(start + i)];
            if (item != null) {
                visitor.accept(item);
            }
        }
    }

    private void append(Item item) {
        int slot = wrap(hand + span);
        slots[slot] = item;
        item.ringSlot = slot;
        span++;
    }

    /** Moves the hand past the holes in front of it, so that it rests on an item whenever there is one. */
    private void skipHoles() {
        while (span > 0 && slots[hand] == null) {
            hand = wrap(hand + 1);
            span--;
        }
    }

    /**
     * Copies the items, oldest first, to the start of a ring of one and a half times their number: the holes go, and
     * at least a third of the slots are free again, so that each item added costs at most two copies over time.
     */
    private void compact() {
        @Nullable Item[] old = slots;
        @Nullable Item[] fresh = new Item[Math.max(MIN_SLOTS, live + (live >>> 1))];
        int n = 0;
        for (int i = 0; i < span; i++) {
            Item item = old[wrap(hand + i)];
            if (item != null) {
                item.ringSlot = n;
                fresh[n++] = item;
            }
        }
        slots = fresh;
        hand = 0;
        span = n;
    }

    /** A position from the hand on, folded into the ring (positions are below twice its length). */
    private int wrap(int position) {
        return position >= slots.length ? position - slots.length : position;
    }
}
