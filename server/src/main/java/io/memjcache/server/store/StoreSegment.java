package io.memjcache.server.store;

import java.util.ArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One lock stripe of the {@link ItemStore}: a chained hash table of items plus a recency list (head: most recently
 * used, tail: the next to evict). Every method except {@link #lock()} and {@link #unlock()} must be called with the
 * lock held; the store does that. Memory accounting is reported back to the store through {@link ItemStore#account}.
 *
 * <p>Internal, not API.
 */
public final class StoreSegment {

    private static final int INITIAL_CAPACITY = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final ItemStore store;
    private Item[] table = new Item[INITIAL_CAPACITY];
    private int size;
    private @Nullable Item head;
    private @Nullable Item tail;
    /** Watch events captured under the lock, published by {@link #unlock()}; null when there are none. */
    private @Nullable ArrayList<WatchEvent> pending;

    StoreSegment(ItemStore store) {
        this.store = store;
    }

    public void lock() {
        lock.lock();
    }

    /** Releases the lock, then hands the watch events captured while it was held to the watchers. */
    public void unlock() {
        ArrayList<WatchEvent> events = pending;
        if (events == null || lock.getHoldCount() > 1) {
            lock.unlock();
            return;
        }
        pending = null;
        lock.unlock();
        for (WatchEvent e : events) {
            store.watch.publish(e);
        }
    }

    /** Keeps an event until the lock is released, so that no line is rendered or queued under it. */
    void defer(WatchEvent event) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        pending.add(event);
    }

    int size() {
        return size;
    }

    /** @return the slots of the hash table (its share of an item's cost) */
    int slots() {
        return table.length;
    }

    /** @return the item under the key, whether or not it is still live, or null */
    @Nullable
    Item find(int hash, byte[] key, int keyLength) {
        Item e = table[hash & (table.length - 1)];
        while (e != null) {
            if (e.hash == hash && e.keyEquals(key, keyLength)) {
                return e;
            }
            e = e.hashNext;
        }
        return null;
    }

    /** Links a new item, replacing {@code old} (which must be the current item of the same key, or null). */
    void link(Item item, @Nullable Item old) {
        if (old != null) {
            unlink(old);
        }
        int index = item.hash & (table.length - 1);
        item.hashNext = table[index];
        table[index] = item;
        size++;
        pushHead(item);
        store.account(item, +1);
        // Chains of one or two items on average, as memcached grows its hash table past 1.5 items a bucket: a
        // million small items need half the slots (4 MB less) than at a load of three quarters.
        if (size > table.length + (table.length >>> 1)) {
            grow();
        }
    }

    void unlink(Item item) {
        int index = item.hash & (table.length - 1);
        Item e = table[index];
        Item prev = null;
        while (e != null && e != item) {
            prev = e;
            e = e.hashNext;
        }
        if (e == null) {
            return;
        }
        if (prev == null) {
            table[index] = e.hashNext;
        } else {
            prev.hashNext = e.hashNext;
        }
        e.hashNext = null;
        removeFromList(item);
        size--;
        store.account(item, -1);
    }

    /**
     * Marks a hit. The item is not moved: it is flagged {@link Item#ACTIVE}, and {@link #tail()} moves it to the head
     * when it reaches the tail, as memcached's segmented LRU does with items hit while cold. Moving it on every hit
     * would write references into items that are mostly in the old generation, and the collector scans every card
     * of the old generation written since the last young collection: with random reads over a store of 100k items
     * that was nearly all of it, and most of each young pause.
     */
    public void bump(Item item) {
        if (head != item) {
            item.mark(Item.ACTIVE);
        }
    }

    /**
     * @return the least recently used item, after moving the items hit since they were last at the tail back to the
     *     head (each hit costs at most one move); null when the stripe is empty
     */
    @Nullable
    Item tail() {
        for (int moved = 0; tail != null && tail.has(Item.ACTIVE) && moved < size; moved++) {
            Item hit = tail;
            hit.clear(Item.ACTIVE);
            removeFromList(hit);
            pushHead(hit);
        }
        return tail;
    }

    /**
     * Visits every item (live or not) from the tail to the head of the recency list (an item hit since it was
     * last at the tail still stands where it stood before the hit).
     */
    void forEachFromTail(Consumer<Item> visitor) {
        for (Item e = tail; e != null; ) {
            Item next = e.lruPrev;
            visitor.accept(e);
            e = next;
        }
    }

    private void pushHead(Item item) {
        item.lruPrev = null;
        item.lruNext = head;
        if (head != null) {
            head.lruPrev = item;
        }
        head = item;
        if (tail == null) {
            tail = item;
        }
    }

    private void removeFromList(Item item) {
        if (item.lruPrev != null) {
            item.lruPrev.lruNext = item.lruNext;
        } else {
            head = item.lruNext;
        }
        if (item.lruNext != null) {
            item.lruNext.lruPrev = item.lruPrev;
        } else {
            tail = item.lruPrev;
        }
        item.lruPrev = null;
        item.lruNext = null;
    }

    private void grow() {
        Item[] old = table;
        Item[] bigger = new Item[old.length * 2];
        int mask = bigger.length - 1;
        for (Item e : old) {
            while (e != null) {
                Item next = e.hashNext;
                int index = e.hash & mask;
                e.hashNext = bigger[index];
                bigger[index] = e;
                e = next;
            }
        }
        table = bigger;
    }
}
