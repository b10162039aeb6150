package io.memjcache.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ServerAddress;
import org.junit.jupiter.api.Test;

/**
 * The near cache on its own: its bounds, its invalidations, and the fill race, interleaved step by step: a read
 * that began before an invalidation never caches what it read.
 */
class NearCacheTest {

    private static final ServerAddress A = new ServerAddress("127.0.0.1", 1, 1);
    private static final ServerAddress B = new ServerAddress("127.0.0.1", 2, 1);

    private static NearEntry entry(ServerAddress server, long cas, int valueBytes) {
        return new NearEntry(cas, 7, server, Long.MAX_VALUE, new byte[8], new byte[valueBytes], null);
    }

    /** A read as the cache makes it: marker, then (after the server answered) the fill. */
    private static boolean read(NearCache near, String key, NearEntry found) {
        return near.fill(near.beginFill(key), found);
    }

    /**
     * @return the size of a near cache with these bounds after reading {@code reads} keys of that size (a full
     *     cache may evict a read's marker as soon as it is put, Caffeine admitting keys by their frequency: that
     *     read then fills nothing, which is safe)
     */
    private static long sizeAfter(int maxEntries, long maxBytes, int reads, int valueBytes) {
        NearCache near = new NearCache(maxEntries, maxBytes);
        for (int i = 0; i < reads; i++) {
            read(near, "k" + i, entry(A, i + 1, valueBytes));
        }
        return near.size();
    }

    @Test
    void holdsAtMostMaxEntries() {
        long size = sizeAfter(100, 0, 1000, 10);
        assertTrue(size <= 100 && size >= 50, "at most the bound, and the bound is used: " + size);
    }

    @Test
    void holdsAtMostMaxBytesOfLargeValues() {
        // 16 KB values, 1000 entries allowed but only 64 KB: at most 3 (each weighs 16 KB + key + bookkeeping)
        long size = sizeAfter(1000, 64 * 1024, 100, 16 * 1024);
        assertTrue(size <= 3 && size >= 1, "entries: " + size);
    }

    @Test
    void theByteBoundAlsoKeepsTheEntryBound() {
        long size = sizeAfter(10, 1024 * 1024, 200, 1);
        assertTrue(size <= 10 && size >= 5, "entries: " + size);
    }

    @Test
    void invalidateDropsTheKeyAlone() {
        NearCache near = new NearCache(100, 0);
        read(near, "a", entry(A, 1, 10));
        read(near, "b", entry(A, 2, 10));
        near.invalidate("a");
        assertNull(near.get("a"));
        assertNotNull(near.get("b"));
        assertEquals(1, near.statistics().getInvalidations());
        near.invalidate("a");
        assertEquals(1, near.statistics().getInvalidations(), "nothing left to drop is not counted");
    }

    @Test
    void invalidateServerDropsWhatWasReadFromIt() {
        NearCache near = new NearCache(100, 0);
        read(near, "a1", entry(A, 1, 10));
        read(near, "a2", entry(A, 2, 10));
        read(near, "b1", entry(B, 3, 10));
        near.invalidateServer(A);
        assertNull(near.get("a1"));
        assertNull(near.get("a2"));
        assertNotNull(near.get("b1"));
        assertEquals(1, near.statistics().getServerDrops());
    }

    @Test
    void aReadInFlightAcrossAnInvalidationCachesNothing() {
        NearCache near = new NearCache(100, 0);
        NearCache.Fill marker = near.beginFill("k"); // the read is sent...
        near.invalidate("k"); // ...the key is written meanwhile...
        assertFalse(near.fill(marker, entry(A, 1, 10)), "...so what the read found may be old");
        assertNull(near.get("k"));
    }

    @Test
    void aReadInFlightAcrossAServerDropCachesNothing() {
        NearCache near = new NearCache(100, 0);
        NearCache.Fill marker = near.beginFill("k");
        near.invalidateServer(B); // the server of the key is not known before the read answers
        assertFalse(near.fill(marker, entry(A, 1, 10)));
        assertNull(near.get("k"));
    }

    @Test
    void aReadThatBeganAfterTheInvalidationFills() {
        NearCache near = new NearCache(100, 0);
        NearCache.Fill early = near.beginFill("k");
        near.invalidate("k");
        NearCache.Fill late = near.beginFill("k");
        NearEntry found = entry(A, 2, 10);
        assertFalse(near.fill(early, entry(A, 1, 10)), "the early read's value is not kept, even after the late one");
        assertTrue(near.fill(late, found));
        assertSame(found, near.get("k"));
    }

    @Test
    void concurrentReadsOfOneKeyShareTheirMarkerAndOneFills() {
        NearCache near = new NearCache(100, 0);
        NearCache.Fill first = near.beginFill("k");
        NearCache.Fill second = near.beginFill("k");
        assertSame(first, second);
        assertTrue(near.fill(second, entry(A, 1, 10)));
        assertFalse(near.fill(first, entry(A, 1, 10)), "the marker is gone once replaced");
        assertNotNull(near.get("k"));
    }

    @Test
    void anAbandonedReadLeavesNoMarkerAndDoesNotTouchAFill() {
        NearCache near = new NearCache(100, 0);
        NearCache.Fill marker = near.beginFill("k");
        near.abandon(marker);
        assertEquals(0, near.size());
        NearCache.Fill filler = near.beginFill("k");
        NearEntry found = entry(A, 1, 10);
        near.fill(filler, found);
        near.abandon(filler);
        assertSame(found, near.get("k"));
    }
}
