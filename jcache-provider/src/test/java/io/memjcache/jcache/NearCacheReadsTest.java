package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.management.NearCacheStatistics;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.server.testsupport.MutableClock;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict near cache seen through the JCache API, on both backends: hits confirmed by the server and counted as
 * hits, this JVM's writes read at once (every mutating method invalidates, so no near entry even needs its check to
 * fail), other managers' writes caught by the check, expired entries never served, access expiry honoured, and
 * store-by-value copies.
 */
class NearCacheReadsTest extends BackendTestSupport {

    private MemjcacheCacheManager manager(String backend, String namespace, String... more) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.namespace", namespace);
        properties.setProperty("memjcache.nearCache.maxEntries", "1000");
        for (int i = 0; i < more.length; i += 2) {
            properties.setProperty(more[i], more[i + 1]);
        }
        return managerInNewProvider(uniqueUri(), properties);
    }

    private MemjcacheCacheManager manager(String backend) {
        return manager(backend, "near-" + System.nanoTime());
    }

    private static <V> Cache<String, V> cache(MemjcacheCacheManager manager, Class<V> type) {
        return manager.createCache(
                "near",
                new MutableConfiguration<String, V>()
                        .setTypes(String.class, type)
                        .setStatisticsEnabled(true));
    }

    static NearCacheStatistics near(Cache<?, ?> cache) {
        NearCache near = ((MemjcacheCache<?, ?>) cache).resources().near();
        return Objects.requireNonNull(near, "the cache has a near cache").statistics();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aConfirmedNearHitIsAHitAndHasItsOwnBean(String backend) throws Exception {
        MemjcacheCacheManager manager = manager(backend);
        Cache<String, String> cache = cache(manager, String.class);
        cache.put("k", "v");
        assertEquals("v", cache.get("k")); // read from the server, kept
        assertEquals("v", cache.get("k")); // confirmed, answered from the near cache
        assertTrue(cache.containsKey("k"));
        assertNull(cache.get("absent"));
        NearCacheStatistics near = near(cache);
        assertEquals(2, near.getNearHits());
        assertEquals(2, near.getNearMisses());
        assertEquals(0, near.getFailedValidations());
        CacheStatisticsMXBean statistics =
                ((MemjcacheCache<?, ?>) cache).resources().statistics();
        assertEquals(2, statistics.getCacheHits(), "a near hit is a hit (containsKey counts nothing)");
        assertEquals(1, statistics.getCacheMisses());

        ObjectName name = MBeans.nearObjectName(manager.getURI(), "near");
        assertEquals(2L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "NearHits"));
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Entries"));
        cache.close();
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name), "unregistered with the cache");
    }

    @Test
    void aReplicatedCacheHasNoNearCacheAndWorksWithout() {
        Properties properties = replicatedOnBoth();
        properties.setProperty("memjcache.nearCache.maxEntries", "1000");
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties);
        Cache<String, String> cache = cache(manager, String.class);
        assertNull(((MemjcacheCache<?, ?>) cache).resources().near(), "ignored when replicas > 1");
        assertFalse(ManagementFactory.getPlatformMBeanServer()
                .isRegistered(MBeans.nearObjectName(manager.getURI(), "near")));
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
    }

    /** Every mutating method, each given a cache holding k=old (read once, so in the near cache) and j=other. */
    static Stream<Arguments> writes() {
        List<Arguments> writes = new ArrayList<>();
        for (String backend : List.of(BUNDLED, MEMCACHED)) {
            Map<String, Consumer<Cache<String, String>>> byName = Map.ofEntries(
                    Map.entry("put", c -> c.put("k", "new")),
                    Map.entry("getAndPut", c -> c.getAndPut("k", "new")),
                    Map.entry("putAll", c -> c.putAll(Map.of("k", "new", "j", "new"))),
                    Map.entry("replace", c -> c.replace("k", "new")),
                    Map.entry("replaceIfEqual", c -> c.replace("k", "old", "new")),
                    Map.entry("getAndReplace", c -> c.getAndReplace("k", "new")),
                    Map.entry(
                            "invokeSet",
                            c -> c.invoke("k", (entry, args) -> {
                                entry.setValue("new");
                                return null;
                            })),
                    Map.entry(
                            "invokeAllSet",
                            c -> c.invokeAll(Set.of("k", "j"), (entry, args) -> {
                                entry.setValue("new");
                                return null;
                            })),
                    Map.entry("remove", c -> c.remove("k")),
                    Map.entry("removeIfEqual", c -> c.remove("k", "old")),
                    Map.entry("getAndRemove", c -> c.getAndRemove("k")),
                    Map.entry(
                            "invokeRemove",
                            c -> c.invoke("k", (entry, args) -> {
                                entry.remove();
                                return null;
                            })),
                    Map.entry("removeAllOfKeys", c -> c.removeAll(Set.of("k", "j"))),
                    Map.entry("removeAll", Cache::removeAll),
                    Map.entry("clear", Cache::clear),
                    Map.entry("iteratorRemove", c -> {
                        var entries = c.iterator();
                        while (entries.hasNext()) {
                            if (entries.next().getKey().equals("k")) {
                                entries.remove();
                            }
                        }
                    }));
            byName.forEach((name, write) -> writes.add(Arguments.of(backend, name, write)));
        }
        return writes.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writes")
    void thisJvmReadsItsOwnWritesWithoutAFailedCheck(
            String backend, String name, Consumer<Cache<String, String>> write) {
        MemjcacheCacheManager manager = manager(backend);
        Cache<String, String> cache = cache(manager, String.class);
        cache.putAll(Map.of("k", "old", "j", "other"));
        assertEquals("old", cache.get("k"));
        assertEquals("old", cache.get("k"));
        NearCacheStatistics near = near(cache);
        assertEquals(1, near.getNearHits(), "k is in the near cache");
        long invalidations = near.getInvalidations() + near.getServerDrops();

        write.accept(cache);

        assertTrue(near.getInvalidations() + near.getServerDrops() > invalidations, name + " invalidated");
        String expected = expectedAfter(name);
        assertEquals(expected, cache.get("k"), name);
        assertEquals(0, near.getFailedValidations(), name + ": dropped before the next read, not caught by its check");
        assertEquals(expected, cache.get("k"), name);
    }

    private static String expectedAfter(String write) {
        return write.startsWith("remove")
                        || write.startsWith("getAndRemove")
                        || write.equals("invokeRemove")
                        || write.equals("clear")
                        || write.equals("iteratorRemove")
                ? null
                : "new";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anotherManagersWriteFailsTheCheck(String backend) {
        String namespace = "near-" + System.nanoTime();
        Cache<String, String> near = cache(manager(backend, namespace), String.class);
        Cache<String, String> other = cache(manager(backend, namespace), String.class);
        other.put("k", "1");
        assertEquals("1", near.get("k"));
        assertEquals("1", near.get("k"));
        other.put("k", "2");
        assertEquals("2", near.get("k"), "the changed CAS fails the check");
        assertEquals(1, near(near).getFailedValidations());
        assertEquals("2", near.get("k"), "and the new value is kept");
        assertEquals(2, near(near).getNearHits());
        other.clear();
        assertNull(near.get("k"), "another manager's clear moves the generation: the check fails");
        assertEquals(2, near(near).getFailedValidations());
        other.put("k", "3");
        other.remove("k");
        assertNull(near.get("k"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anExpiredNearEntryIsNeverServed(String backend) throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.now());
        MemjcacheCacheManager manager = manager(backend);
        manager.useClock(clock);
        RecordingListener listener = new RecordingListener();
        Cache<Long, String> cache = ExpiryWithClockTest.expiringAfterCreation(manager, listener);
        cache.put(1L, "v");
        assertEquals("CREATED 1 v -", listener.next());
        assertEquals("v", cache.get(1L));
        clock.advance(Duration.ofMillis(1499));
        assertEquals("v", cache.get(1L));
        assertEquals(1, near(cache).getNearHits());
        clock.advance(Duration.ofMillis(1));
        assertNull(cache.get(1L), "at its deadline the near entry is not served");
        assertEquals("EXPIRED 1 v v", listener.next(), "the normal path reports the expiry");
        assertEquals(1, near(cache).getNearHits());
        assertFalse(cache.containsKey(1L));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aReadThatTouchesGoesToTheServerEveryTime(String backend) {
        MutableClock clock = new MutableClock(Instant.now());
        MemjcacheCacheManager manager = manager(backend);
        manager.useClock(clock);
        Cache<String, String> cache = manager.createCache(
                "touched",
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(
                                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200))));
        cache.put("k", "v");
        clock.advance(Duration.ofMillis(150));
        assertEquals("v", cache.get("k"));
        clock.advance(Duration.ofMillis(199));
        assertEquals("v", cache.get("k"), "the first read's touch extended the deadline");
        clock.advance(Duration.ofMillis(199));
        assertEquals("v", cache.get("k"));
        clock.advance(Duration.ofMillis(200));
        assertNull(cache.get("k"));
        assertEquals(0, near(cache).getNearHits(), "each touch is a write, which drops the entry again");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void storeByValueReadersGetCopiesUnlessTheValueIsImmutable(String backend) {
        MemjcacheCacheManager manager = manager(backend);
        Cache<String, Box> boxes = cache(manager, Box.class);
        boxes.put("k", new Box(1000));
        Box first = boxes.get("k");
        Box second = boxes.get("k");
        assertEquals(1, near(boxes).getNearHits());
        assertNotSame(first, second, "a mutable value is deserialized per hit");
        first.content = 0;
        assertEquals(1000, boxes.get("k").content);

        Cache<String, String> strings = manager.createCache(
                "strings", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        strings.put("k", "v");
        String one = strings.get("k");
        assertSame(one, strings.get("k"), "an immutable value is kept deserialized and shared");

        Cache<String, Box> byReference = manager.createCache(
                "byReference",
                new MutableConfiguration<String, Box>()
                        .setTypes(String.class, Box.class)
                        .setStoreByValue(false));
        byReference.put("k", new Box(1000));
        Box shared = byReference.get("k");
        assertSame(shared, byReference.get("k"), "store-by-reference hands out the instance");
    }

    /** A mutable value. */
    static final class Box implements Serializable {
        private static final long serialVersionUID = 1L;
        int content;

        Box(int content) {
            this.content = content;
        }
    }
}
