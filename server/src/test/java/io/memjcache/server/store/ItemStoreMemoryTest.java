package io.memjcache.server.store;

import static io.memjcache.server.store.ItemStoreTest.LIMIT;
import static io.memjcache.server.store.ItemStoreTest.keysInOneSegment;
import static io.memjcache.server.store.ItemStoreTest.newServer;
import static io.memjcache.server.store.ItemStoreTest.put;
import static io.memjcache.server.store.ItemStoreTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.net.ServerContext;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.testsupport.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of the store's memory: the limit, LRU eviction within it, memory promised to blocks in flight, and the
 * sweep that reclaims expired and flushed items. Items are linked straight into the store, as a set does (the
 * storage rules are {@link ItemStoreTest}'s). Time is a {@link MutableClock}, so nothing here waits.
 */
class ItemStoreMemoryTest {

    private final MutableClock clock = new MutableClock();
    private final ServerContext server = newServer(clock);
    private final ItemStore store = server.store;
    private final ServerStats stats = server.stats;

    @Test
    void evictsTheLeastRecentlyUsedItemsFirst() {
        ServerStats smallStats = new ServerStats();
        ItemStore small = new ItemStore(LIMIT, clock, smallStats);
        // One stripe holds every key, so the order of eviction is exactly that stripe's recency order.
        List<String> keys = keysInOneSegment(small, 200);
        int valueLength = 1000;
        int capacity = (int) (LIMIT / Item.heapCost(keys.get(0).length() + valueLength + 2));
        for (int i = 0; i < capacity; i++) {
            put(small, keys.get(i), valueLength, 0);
        }
        assertEquals(0, smallStats.evictions.sum(), "the store is exactly full, nothing evicted yet");
        for (int i = 0; i < 10; i++) {
            assertNotNull(read(small, keys.get(i)), "touching the 10 oldest keys");
        }
        for (int i = capacity; i < capacity + 10; i++) {
            put(small, keys.get(i), valueLength, 0);
        }
        assertEquals(10, smallStats.evictions.sum());
        assertEquals(10, smallStats.evictedUnfetched.sum());
        for (int i = 0; i < capacity + 10; i++) {
            boolean shouldBeGone = i >= 10 && i < 20;
            assertEquals(shouldBeGone, read(small, keys.get(i)) == null, "key #" + i);
        }
        assertTrue(small.usedBytes() <= LIMIT);
    }

    @Test
    void expiredItemsAtTheTailAreReclaimedRatherThanEvicted() {
        ServerStats smallStats = new ServerStats();
        ItemStore small = new ItemStore(LIMIT, clock, smallStats);
        List<String> keys = keysInOneSegment(small, 200);
        int capacity = (int) (LIMIT / Item.heapCost(keys.get(0).length() + 1000 + 2));
        for (int i = 0; i < capacity; i++) {
            put(small, keys.get(i), 1000, i < 5 ? 2 : 0);
        }
        clock.advanceSeconds(2);
        for (int i = capacity; i < capacity + 5; i++) {
            put(small, keys.get(i), 1000, 0);
        }
        assertEquals(5, smallStats.reclaimed.sum());
        assertEquals(0, smallStats.evictions.sum());
    }

    @Test
    void usageNeverExceedsTheLimitWhenWritingThreeTimesItAcrossAllStripes() {
        ServerStats smallStats = new ServerStats();
        ItemStore small = new ItemStore(LIMIT, clock, smallStats);
        int written = 0;
        for (long bytes = 0; bytes < 3 * LIMIT; bytes += 500) {
            put(small, "spread:" + written++, 500, 0);
            assertTrue(small.usedBytes() <= LIMIT, "used " + small.usedBytes() + " after " + written + " items");
        }
        assertEquals(written, smallStats.evictions.sum() + small.currentItems(), "every item is kept or evicted");
        assertTrue(smallStats.evictions.sum() > written / 2);
    }

    @Test
    void reserveRefusesAnItemLargerThanTheWholeLimit() {
        assertFalse(store.reserve(LIMIT + 1));
        put(store, "k", 1000, 0);
        assertTrue(store.reserve(LIMIT), "an item as large as the limit fits once everything else is evicted");
        assertEquals(0, store.usedBytes());
        assertNull(get("k"));
    }

    @Test
    void memoryPromisedToBlocksInFlightCountsAgainstTheLimit() {
        long half = LIMIT / 2;
        assertTrue(store.reserveInFlight(half + 1));
        assertFalse(store.reserve(half), "nothing to evict and the in-flight block holds half the limit");
        store.releaseInFlight(half + 1);
        assertTrue(store.reserve(half));
    }

    @Test
    void sweepReclaimsExpiredAndFlushedItemsAndGivesTheMemoryBack() {
        for (int i = 0; i < 10; i++) {
            put(store, "dies:" + i, 200, 5);
            put(store, "live:" + i, 200, 0);
        }
        long full = store.usedBytes();
        clock.advanceSeconds(5);
        int removed = sweepEverything();
        assertEquals(10, removed);
        assertEquals(10, store.currentItems());
        assertEquals(full / 2, store.usedBytes(), "the ten expired items cost half the memory");
        assertEquals(10, stats.crawlerReclaimed.sum());

        store.flushAll(0, store.now(), 0);
        assertEquals(10, sweepEverything());
        assertEquals(0, store.usedBytes());
        assertEquals(0, stats.currItems.sum());
        assertEquals(0, stats.bytes.sum());
    }

    @Test
    void backgroundSweepFreesAFlushedStoreInOneStepAndCountsItReclaimed() {
        for (int i = 0; i < 40; i++) {
            put(store, "k:" + i, 10, 0);
        }
        store.flushAll(0, store.now(), 0);
        // One stripe is asked for, but a flush_all's dead items go at once, as memcached's maintainer frees them.
        assertEquals(40, store.sweeper.sweepInBackground(0, 1, store.now()));
        assertEquals(0, stats.currItems.sum());
        assertEquals(40, stats.reclaimed.sum());
        assertEquals(0, stats.crawlerReclaimed.sum());

        // A delayed flush_all: nothing before its time, everything once it comes.
        put(store, "later", 10, 0);
        store.flushAll(2, store.now(), 0);
        assertEquals(0, store.sweeper.sweepInBackground(0, store.segmentCount(), store.now()));
        clock.advanceSeconds(2);
        assertEquals(1, store.sweeper.sweepInBackground(0, 1, store.now()));
        assertEquals(0, stats.currItems.sum());
    }

    private Item get(String key) {
        return read(store, key);
    }

    private int sweepEverything() {
        int removed = 0;
        for (int i = 0; i < store.segmentCount(); i++) {
            removed += store.sweeper.sweep(i, store.now());
        }
        return removed;
    }
}
