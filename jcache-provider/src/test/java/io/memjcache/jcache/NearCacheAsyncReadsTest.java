package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.jcache.management.NearCacheStatistics;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code getAsync} through the near cache, on both backends and in both modes: near hits counted as near hits and
 * as cache hits, a strict {@code getAsync} never stale after another manager's write, an eventual one catching up
 * with it, eventual hits of shared values completing without the executor, and a miss whose read was answered
 * before this JVM's write filling nothing.
 */
class NearCacheAsyncReadsTest extends BackendTestSupport {

    /** Far beyond the 100 ms staleness bound: a loaded machine may delay the JVMs, not the protocol. */
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    static Stream<Arguments> modes() {
        return backends()
                .flatMap(backend -> Stream.of(Arguments.of(backend, "strict"), Arguments.of(backend, "eventual")));
    }

    private MemjcacheCache<String, String> cache(String backend, String namespace, String consistency) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.namespace", namespace);
        properties.setProperty("memjcache.nearCache.maxEntries", "1000");
        properties.setProperty("memjcache.nearCache.consistency", consistency);
        Cache<String, String> cache = managerInNewProvider(uniqueUri(), properties)
                .createCache(
                        "near",
                        new MutableConfiguration<String, String>()
                                .setTypes(String.class, String.class)
                                .setStatisticsEnabled(true));
        @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
        MemjcacheCache<String, String> memjcache = cache.unwrap(MemjcacheCache.class);
        return memjcache;
    }

    private static NearCacheStatistics near(MemjcacheCache<?, ?> cache) {
        return Objects.requireNonNull(cache.resources().near(), "a near cache").statistics();
    }

    private static String get(MemjcacheCache<String, String> cache, String key) {
        return cache.getAsync(key).toCompletableFuture().join();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void asyncNearHitsAreNearHitsAndAnotherManagersWritesAreSeen(String backend, String consistency) {
        String namespace = "async-near-" + System.nanoTime();
        MemjcacheCache<String, String> cache = cache(backend, namespace, consistency);
        MemjcacheCache<String, String> other = cache(backend, namespace, consistency);
        other.put("k", "v0");
        awaitNearHit(cache, "v0");
        long hits = cache.resources().statistics().getCacheHits();
        long nearHits = near(cache).getNearHits();
        assertEquals("v0", get(cache, "k"));
        assertEquals(nearHits + 1, near(cache).getNearHits(), "answered from the near cache");
        assertEquals(hits + 1, cache.resources().statistics().getCacheHits(), "a near hit is a hit");

        for (int i = 1; i <= 10; i++) {
            other.put("k", "v" + i);
            if (consistency.equals("strict")) {
                assertEquals("v" + i, get(cache, "k"), "a strict read is never stale: the check fails");
                assertEquals(i, near(cache).getFailedValidations());
                assertEquals("v" + i, get(cache, "k"), "the new value was kept and confirmed");
            } else {
                awaitServed(cache, "v" + i);
                awaitNearHit(cache, "v" + i);
            }
        }
        assertTrue(near(cache).getNearHits() >= nearHits + 10, "and the new values were answered near");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void eventualHitsOfSharedValuesNeedNoExecutorThread(String backend, String consistency) throws Exception {
        MemjcacheCache<String, String> cache = cache(backend, "async-near-" + System.nanoTime(), consistency);
        cache.put("k", "v");
        awaitNearHit(cache, "v");
        BlockedExecutor blocked = new BlockedExecutor();
        try {
            MemjcacheCache<String, String> view = cache.withExecutor(blocked.executor);
            long nearHits = near(cache).getNearHits();
            CompletableFuture<String> hit = view.getAsync("k").toCompletableFuture();
            if (consistency.equals("eventual")) {
                assertTrue(hit.isDone(), "an eventual hit of a String runs nothing of the application's: no executor");
                assertEquals("v", hit.join());
                assertEquals(nearHits + 1, near(cache).getNearHits());
            } else {
                blocked.awaitQueued(1); // the check was answered; the decision waits for the executor
                assertFalse(hit.isDone(), "a strict hit completes on the executor, after its check");
            }
            blocked.release();
            assertEquals("v", hit.get(10, TimeUnit.SECONDS));
            assertEquals(nearHits + 1, near(cache).getNearHits());
        } finally {
            blocked.release();
            blocked.executor.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void aMissReadBeforeThisJvmsWriteFillsNothing(String backend, String consistency) throws Exception {
        MemjcacheCache<String, String> cache = cache(backend, "async-near-" + System.nanoTime(), consistency);
        cache.put("servable", "s");
        awaitNearHit(cache, "servable", "s"); // an eventual cache's server is servable: its misses may fill
        cache.put("k", "v1");
        BlockedExecutor blocked = new BlockedExecutor();
        try {
            long misses = near(cache).getNearMisses();
            CompletableFuture<String> read =
                    cache.withExecutor(blocked.executor).getAsync("k").toCompletableFuture();
            blocked.awaitQueued(1); // read and answered: its decision (and fill) waits for the executor
            assertEquals(misses + 1, near(cache).getNearMisses());
            cache.put("k", "v2"); // this JVM's write drops the read's fill marker
            blocked.release();
            assertEquals("v1", read.get(10, TimeUnit.SECONDS), "the read was answered before the write");
        } finally {
            blocked.release();
            blocked.executor.shutdown();
        }
        long nearHits = near(cache).getNearHits();
        long failed = near(cache).getFailedValidations();
        assertEquals("v2", get(cache, "k"));
        assertEquals(nearHits, near(cache).getNearHits(), "nothing was kept from the read across the write");
        assertEquals(failed, near(cache).getFailedValidations(), "not even an entry a check would refuse");
    }

    /** One executor thread held by a task until {@link #release}, so what is handed to it only queues. */
    private static final class BlockedExecutor {
        private final CountDownLatch latch = new CountDownLatch(1);
        private final ThreadPoolExecutor executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

        BlockedExecutor() throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            executor.execute(() -> {
                running.countDown();
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
        }

        void awaitQueued(int tasks) {
            long start = System.nanoTime();
            while (executor.getQueue().size() < tasks) {
                if (System.nanoTime() - start > DEADLINE_NANOS) {
                    fail("nothing was handed to the executor within 10 s");
                }
                Thread.onSpinWait();
            }
        }

        void release() {
            latch.countDown();
        }
    }

    private static void awaitNearHit(MemjcacheCache<String, String> cache, String expected) {
        awaitNearHit(cache, "k", expected);
    }

    /** Reads until a read is answered from the near cache (an eventual cache's stream is then confirmed). */
    private static void awaitNearHit(MemjcacheCache<String, String> cache, String key, String expected) {
        long start = System.nanoTime();
        while (true) {
            long hits = near(cache).getNearHits();
            assertEquals(expected, get(cache, key));
            if (near(cache).getNearHits() > hits) {
                return;
            }
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail("no near hit within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Reads with getAsync until it answers {@code expected}, within a deadline. */
    private static void awaitServed(MemjcacheCache<String, String> cache, String expected) {
        long start = System.nanoTime();
        while (!expected.equals(get(cache, "k"))) {
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                fail("getAsync still answered the old value after 10 s, expected " + expected);
            }
            Thread.onSpinWait();
        }
    }
}
