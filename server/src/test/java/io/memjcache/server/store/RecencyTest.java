package io.memjcache.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.testsupport.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eviction order of a {@link StoreSegment} (its {@link ClockRing}): a hit writes no reference (the collector
 * would otherwise rescan the items it touched at every young collection), and eviction still spares the items hit
 * since the hand last reached them, once. One stripe holds every key, so eviction order is exactly that stripe's
 * order. Time is a {@link MutableClock}.
 */
class RecencyTest {

    private static final int VALUE_LENGTH = 1000;

    private final MutableClock clock = new MutableClock();
    private final ItemStore store = new ItemStore(ItemStoreTest.LIMIT, clock, new ServerStats());
    private final List<String> keys = ItemStoreTest.keysInOneSegment(store, 200);
    private final int capacity =
            (int) (ItemStoreTest.LIMIT / Item.heapCost(keys.get(0).length() + VALUE_LENGTH + 2));

    @Test
    void aHitOnlyFlagsTheItemAndLeavesTheRingAsItWas() {
        for (int i = 0; i < 3; i++) {
            ItemStoreTest.put(store, keys.get(i), VALUE_LENGTH, 0);
        }
        Item middle = find(keys.get(1));
        Item newest = find(keys.get(2));
        assertNotNull(middle);
        int[] slotsBefore = {find(keys.get(0)).ringSlot, middle.ringSlot, newest.ringSlot};
        Item oldest = ItemStoreTest.read(store, keys.get(0));
        assertNotNull(oldest);
        StoreSegment segment = store.segment(ItemStoreTest.key(store, keys.get(0)).hash);
        segment.lock();
        try {
            assertTrue(oldest.has(Item.ACTIVE), "the hit is a bit of the item");
            assertArrayEquals(slotsBefore, new int[] {oldest.ringSlot, middle.ringSlot, newest.ringSlot});
            List<Item> order = new ArrayList<>();
            segment.forEachOldestFirst(order::add);
            assertEquals(List.of(oldest, middle, newest), order, "the hit item still stands first");
        } finally {
            segment.unlock();
        }
    }

    @Test
    void aHitItemOutlivesOneEvictionThatReachesItButNotASecondWithoutAnotherHit() {
        for (int i = 0; i < capacity; i++) {
            ItemStoreTest.put(store, keys.get(i), VALUE_LENGTH, 0);
        }
        assertNotNull(ItemStoreTest.read(store, keys.get(0)), "a hit on the least recently used item");
        ItemStoreTest.put(store, keys.get(capacity), VALUE_LENGTH, 0);
        assertNull(ItemStoreTest.read(store, keys.get(1)), "the next oldest went instead");
        assertEquals(capacity, store.currentItems());
        // The other items from the first ones stored go first, then the spared one, its hit used up.
        for (int i = capacity + 1; i < 2 * capacity - 1; i++) {
            ItemStoreTest.put(store, keys.get(i), VALUE_LENGTH, 0);
        }
        assertNotNull(find(keys.get(0)), "every item stored before it is gone, it is still there");
        assertNull(find(keys.get(capacity - 1)));
        ItemStoreTest.put(store, keys.get(2 * capacity - 1), VALUE_LENGTH, 0);
        assertNull(find(keys.get(0)), "spared once, evicted the next time it was the least recently used");
        assertNotNull(find(keys.get(capacity)));
    }

    /** The item under the key, looked up without counting as a hit. */
    private Item find(String key) {
        KeyBuffer k = ItemStoreTest.key(store, key);
        StoreSegment segment = store.segment(k.hash);
        segment.lock();
        try {
            return segment.find(k.hash, k.bytes, k.length);
        } finally {
            segment.unlock();
        }
    }
}
