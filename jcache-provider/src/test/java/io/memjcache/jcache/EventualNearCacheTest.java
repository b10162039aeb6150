package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.jcache.management.NearCacheStatistics;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eventual near cache through the JCache API, on both backends: entries are answered from the near cache with
 * no check once the server's watch stream is confirmed, and another manager's put, remove (a delete marker on
 * memcached 1.6.18, which does not log deletes) and clear (a generation change, read with the heartbeats) reach it,
 * so the reader stops serving the old value. How late they may arrive is measured by the watch tests; this test
 * waits for each with a deadline and prints the delays.
 */
class EventualNearCacheTest extends BackendTestSupport {

    /** Far beyond the 100 ms bound: a loaded machine may delay the JVMs, not the protocol. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private MemjcacheCacheManager manager(String backend, String namespace, int maxEntries) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.namespace", namespace);
        properties.setProperty("memjcache.nearCache.consistency", "eventual");
        properties.setProperty("memjcache.nearCache.maxEntries", Integer.toString(maxEntries));
        return managerInNewProvider(uniqueUri(), properties);
    }

    private static Cache<String, String> cache(MemjcacheCacheManager manager) {
        return manager.createCache(
                "eventual",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setStatisticsEnabled(true));
    }

    private static NearCacheStatistics near(Cache<?, ?> cache) {
        return Objects.requireNonNull(((MemjcacheCache<?, ?>) cache).resources().near(), "a near cache")
                .statistics();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anotherManagersPutRemoveAndClearStopTheOldValueBeingServed(String backend) {
        String namespace = "eventual-" + System.nanoTime();
        Cache<String, String> reader = cache(manager(backend, namespace, 1000));
        // A writer without a near cache of its own: still eventual, so its deletes are marked where needed.
        Cache<String, String> writer = cache(manager(backend, namespace, 0));

        writer.put("k", "v1");
        awaitNearHit(reader, "v1");
        writer.put("k", "v2");
        report(backend, "put", awaitServed(reader, "v2"));

        awaitNearHit(reader, "v2");
        writer.remove("k");
        report(backend, "remove", awaitServed(reader, null));

        writer.put("k", "v3");
        awaitNearHit(reader, "v3");
        writer.clear();
        report(backend, "clear", awaitServed(reader, null));
        assertTrue(near(reader).getNearHits() >= 3, "the reader answered from its near cache");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ownWritesAreReadAtOnce(String backend) {
        Cache<String, String> cache = cache(manager(backend, "eventual-" + System.nanoTime(), 1000));
        cache.put("k", "v1");
        awaitNearHit(cache, "v1");
        cache.put("k", "v2");
        assertEquals("v2", cache.get("k"));
        cache.remove("k");
        assertNull(cache.get("k"));
    }

    @Test
    void aBoundTooShortForTheOrderingMarginIsRefusedNamingTheSetting() {
        Properties properties = properties(BUNDLED);
        properties.setProperty("memjcache.nearCache.consistency", "eventual");
        properties.setProperty("memjcache.nearCache.maxEntries", "10");
        properties.setProperty("memjcache.nearCache.maxStaleness", "10ms");
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties);
        CacheException refused = assertThrows(CacheException.class, () -> cache(manager));
        assertTrue(
                refused.getMessage().startsWith("cache eventual: memjcache.nearCache.maxStaleness: maxStaleness must"),
                refused.getMessage());
    }

    /** Reads until a read is answered from the near cache with {@code expected} (the stream is confirmed). */
    private static void awaitNearHit(Cache<String, String> cache, String expected) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            long hits = near(cache).getNearHits();
            assertEquals(expected, cache.get("k"));
            if (near(cache).getNearHits() > hits) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no near hit within 10 s: the watch stream was never confirmed");
            }
            Thread.onSpinWait();
        }
    }

    /** @return nanoseconds until the cache served {@code expected} */
    private static long awaitServed(Cache<String, String> cache, @Nullable String expected) {
        long start = System.nanoTime();
        while (!Objects.equals(expected, cache.get("k"))) {
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail("still served the old value after 10 s, expected " + expected);
            }
            Thread.onSpinWait();
        }
        return System.nanoTime() - start;
    }

    private static void report(String backend, String change, long nanos) {
        System.out.printf("eventual near cache on %s: %s seen after %.2f ms%n", backend, change, nanos / 1e6);
    }
}
