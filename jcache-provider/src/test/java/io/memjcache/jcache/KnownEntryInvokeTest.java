package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.RoundTrips;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * invoke on an entry this JVM wrote last with invoke skips the read ({@link KnownEntries}): one round trip, and
 * still atomic across managers (standing for JVMs) and still seeing every {@code clear()} and write of another
 * manager at once.
 */
class KnownEntryInvokeTest extends BackendTestSupport {

    /** Adds one to the value, starting from 1 when absent, and returns the new value. */
    private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, arguments) -> {
        long next = entry.exists() ? entry.getValue() + 1 : 1;
        entry.setValue(next);
        return next;
    };

    private static MutableConfiguration<String, Long> longs() {
        return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    }

    /** @return the cache "counters" of {@code count} managers of their own (as JVMs would have) sharing it */
    private List<Cache<String, Long>> sharedCounters(String backend, int count) {
        URI uri = uniqueUri();
        List<Cache<String, Long>> caches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            caches.add(managerInNewProvider(backend, uri).createCache("counters", longs()));
        }
        return caches;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anInvokeOnTheEntryItWroteLastIsOneRoundTrip(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        Cache<String, Long> cache = manager.createCache("counters", longs());
        assertEquals(1L, cache.invoke("hot", INCREMENT));

        long before = RoundTrips.total(manager.client());
        assertEquals(2L, cache.invoke("hot", INCREMENT));
        assertEquals(3L, cache.invoke("hot", INCREMENT));
        long trips = RoundTrips.total(manager.client()) - before;

        assertEquals(2, trips, "one round trip per invoke on an entry written by the last invoke");
        assertEquals(3L, cache.get("hot"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anInvokeOnAKnownEntrySeesEveryClearWriteAndRemovalOfAnotherManager(String backend) {
        List<Cache<String, Long>> managers = sharedCounters(backend, 2);
        Cache<String, Long> cache = managers.get(0);
        Cache<String, Long> elsewhere = managers.get(1);
        cache.invoke("hot", INCREMENT);
        assertEquals(2L, cache.invoke("hot", INCREMENT), "the second invoke wrote over the known entry");

        elsewhere.clear();
        assertEquals(1L, cache.invoke("hot", INCREMENT), "the cleared entry must not come back");
        assertEquals(1L, elsewhere.get("hot"));
        assertEquals(2L, cache.invoke("hot", INCREMENT));
        assertEquals(2L, elsewhere.get("hot"));

        elsewhere.put("hot", 1000L);
        assertEquals(1001L, cache.invoke("hot", INCREMENT));
        cache.invoke("hot", INCREMENT);
        elsewhere.remove("hot");
        assertEquals(1L, cache.invoke("hot", INCREMENT));
        assertEquals(1L, elsewhere.get("hot"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aProcessorThatOnlyReadsAKnownEntryRunsOnceUnlessTheEntryChanged(String backend) {
        List<Cache<String, Long>> managers = sharedCounters(backend, 2);
        Cache<String, Long> cache = managers.get(0);
        cache.invoke("hot", INCREMENT);
        cache.invoke("hot", INCREMENT);
        AtomicInteger runs = new AtomicInteger();
        EntryProcessor<String, Long, Long> read = (entry, arguments) -> {
            runs.incrementAndGet();
            return entry.getValue();
        };

        assertEquals(2L, cache.invoke("hot", read));
        assertEquals(1, runs.get(), "confirmed by a read, not run again");

        managers.get(1).put("hot", 1000L);
        assertEquals(1000L, cache.invoke("hot", read));
        assertEquals(3, runs.get(), "run on the known entry, then on the one read");
    }

    private static final int ROUNDS = 50;
    private static final int THREADS_PER_MANAGER = 2;
    private static final int INCREMENTS_PER_THREAD = 40;

    /**
     * Two managers increment a counter from two threads each while a third clears the cache once, midway. Every
     * increment returns the value it made, so in any serial order the returned values are 1..m before the clear
     * and 1..f after it, f being the final value: each value up to both counted twice, above one of them once. An
     * increment that started after the clear returned belongs to the second series: the values of those are
     * distinct and at most f. An increment lost, or applied to an entry the clear had emptied, breaks one or the
     * other.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void incrementsRacingAClearOfAnotherManagerAreEachCountedInExactlyOneGeneration(String backend) throws Exception {
        List<Cache<String, Long>> managers = sharedCounters(backend, 3);
        List<Cache<String, Long>> caches = managers.subList(0, 2);
        Cache<String, Long> clearing = managers.get(2);
        int threads = caches.size() * THREADS_PER_MANAGER;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String key = "hot" + round;
                ConcurrentLinkedQueue<Long> returned = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Long> afterClear = new ConcurrentLinkedQueue<>();
                AtomicBoolean cleared = new AtomicBoolean();
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch midway = new CountDownLatch(threads * INCREMENTS_PER_THREAD / 2);
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Cache<String, Long> cache = caches.get(t % caches.size());
                    workers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                            boolean after = cleared.get();
                            Long value = cache.invoke(key, INCREMENT);
                            returned.add(value);
                            if (after) {
                                afterClear.add(value);
                            }
                            midway.countDown();
                        }
                        return null;
                    }));
                }
                workers.add(pool.submit(() -> {
                    midway.await();
                    clearing.clear();
                    cleared.set(true);
                    return null;
                }));
                start.countDown();
                for (Future<?> worker : workers) {
                    worker.get(2, TimeUnit.MINUTES);
                }
                Long last = clearing.get(key);
                long fin = last == null ? 0 : last;
                checkCounts(round, returned, fin);
                TreeSet<Long> distinct = new TreeSet<>(afterClear);
                assertEquals(afterClear.size(), distinct.size(), "round " + round + ": after the clear " + afterClear);
                assertTrue(
                        distinct.isEmpty() || distinct.last() <= fin,
                        "round " + round + ": after the clear " + distinct + ", final value " + fin);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkCounts(int round, ConcurrentLinkedQueue<Long> returned, long fin) {
        Map<Long, Integer> counts = new TreeMap<>();
        returned.forEach(value -> counts.merge(value, 1, Integer::sum));
        long beforeClear = returned.size() - fin;
        Map<Long, Integer> expected = new TreeMap<>();
        for (long v = 1; v <= Math.max(beforeClear, fin); v++) {
            expected.put(v, (v <= beforeClear ? 1 : 0) + (v <= fin ? 1 : 0));
        }
        assertEquals(expected, counts, "round " + round + ": values returned, final value " + fin);
    }
}
