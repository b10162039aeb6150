package io.memjcache.server.store;

import java.util.ArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One lock stripe of the {@link ItemStore}: a chained hash table of items plus their eviction order, a
 * {@link ClockRing}. Every method except {@link #lock()} and {@link #unlock()} must be called with the
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
    private final ClockRing ring = new ClockRing();
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
            if (e.keyEquals(key, keyLength)) {
                return e;
            }
            e = e.hashNext;
        }
        return null;
    }

    /**
     * Links a new item, replacing {@code old} (which must be the current item of the same key, or null). The new item
     * takes the old one's place in its hash chain, so that a set writes a reference into one old object at most (the
     * bucket slot or the item before it in the chain) besides the ring's next slot.
     */
    void link(Item item, @Nullable Item old) {
        int index = bucket(item);
        Item prev = null;
        Item e = old == null ? null : table[index];
        while (e != null && e != old) {
            prev = e;
            e = e.hashNext;
        }
        if (e == null) {
            item.hashNext = table[index];
            table[index] = item;
            size++;
        } else {
            item.hashNext = e.hashNext;
            if (prev == null) {
                table[index] = item;
            } else {
                prev.hashNext = item;
            }
            e.hashNext = null;
            ring.remove(e);
            store.account(e, -1);
        }
        ring.add(item);
        store.account(item, +1);
        // Chains of one or two items on average, as memcached grows its hash table past 1.5 items a bucket: a
        // million small items need half the slots (4 MB less) than at a load of three quarters.
        if (size > table.length + (table.length >>> 1)) {
            grow();
        }
    }

    void unlink(Item item) {
        int index = bucket(item);
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
        ring.remove(item);
        size--;
        store.account(item, -1);
    }

    /**
     * Marks a hit. The item is not moved: it is flagged {@link Item#ACTIVE}, and {@link #oldest()} moves it to the
     * newest end of the ring when the hand reaches it, as memcached's segmented LRU does with items hit while cold.
     * Moving it on every hit would write references into items that are mostly in the old generation, and the
     * collector scans every card of the old generation written since the last young collection: with random reads
     * over a store of 100k items that was nearly all of it, and most of each young pause.
     */
    public void bump(Item item) {
        item.mark(Item.ACTIVE);
    }

    /**
     * @return the next item to evict, after moving the items hit since they last came to the hand to the newest end
     *     (each hit costs at most one move); null when the stripe is empty
     */
    @Nullable
    Item oldest() {
        return ring.oldest();
    }

    /** @return the first of the {@code count} items next to evict that passes the test, or null */
    @Nullable
    Item firstOfOldest(int count, Predicate<Item> test) {
        return ring.firstOfOldest(count, test);
    }

    /**
     * Visits every item (live or not) in eviction order, the next to evict first (an item hit since it last came to
     * the hand still stands where it stood before the hit). The visitor may unlink the item it is given.
     */
    void forEachOldestFirst(Consumer<Item> visitor) {
        ring.forEach(visitor);
    }

    private int bucket(Item item) {
        return store.hash(item.data, item.keyLength()) & (table.length - 1);
    }

    private void grow() {
        Item[] old = table;
        Item[] bigger = new Item[old.length * 2];
        int mask = bigger.length - 1;
        for (Item e : old) {
            while (e != null) {
                Item next = e.hashNext;
                int index = store.hash(e.data, e.keyLength()) & mask;
                e.hashNext = bigger[index];
                bigger[index] = e;
                e = next;
            }
        }
        table = bigger;
    }
}
