package io.memjcache.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemcachedTtlTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long WALL = NOW / 1000;

    @Test
    void eternalIsZero() {
        assertEquals(0, MemcachedTtl.ttlSeconds(StoredEntry.ETERNAL, NOW, WALL));
    }

    @Test
    void roundsUpAndKeepsOneSecondMore() {
        assertEquals(1, MemcachedTtl.ttlSeconds(NOW, NOW, WALL), "already due: memcached still keeps it 1 s");
        assertEquals(2, MemcachedTtl.ttlSeconds(NOW + 1, NOW, WALL));
        assertEquals(2, MemcachedTtl.ttlSeconds(NOW + 1000, NOW, WALL));
        assertEquals(3, MemcachedTtl.ttlSeconds(NOW + 1001, NOW, WALL));
        assertEquals(1, MemcachedTtl.ttlSeconds(NOW - 5000, NOW, WALL), "past deadline");
    }

    @Test
    void beyondThirtyDaysBecomesAbsoluteUnixTime() {
        long thirtyDays = MemcachedTtl.MAX_RELATIVE_SECONDS;
        assertEquals(thirtyDays, MemcachedTtl.ttlSeconds(NOW + (thirtyDays - 1) * 1000, NOW, WALL));
        long fortyDays = 40L * 24 * 3600;
        assertEquals(WALL + fortyDays + 1, MemcachedTtl.ttlSeconds(NOW + fortyDays * 1000, NOW, WALL));
    }

    @Test
    void deadlinesPastMemcachedsClockRangeAreEternal() {
        assertEquals(0, MemcachedTtl.ttlSeconds(StoredEntry.ETERNAL - 1, NOW, WALL));
    }
}
