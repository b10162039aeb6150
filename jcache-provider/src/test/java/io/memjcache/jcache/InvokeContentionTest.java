package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * invoke on a hot key within one JVM: the callers take turns on the key's lock ({@link KeyLocks}) instead of
 * failing each other's CAS writes, so each processor runs once per call; and the lock, being only an optimization,
 * never deadlocks. Blocking invoke and invokeAsync share the lock: mixed on few keys, in one manager or two, they
 * lose no update and each call returns a count no other call returned. Atomicity across managers and JVMs, which the CAS keeps, is proven by
 * {@link ConcurrentInvokeTest} and the races of {@code TwoJvmRaceTest}.
 */
class InvokeContentionTest extends BackendTestSupport {

    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 100;
    private static final int KEYS = 2;
    private static final int ASYNC_WINDOW = 10;

    @ParameterizedTest
    @MethodSource("backends")
    void callersInOneJvmTakeTurnsInsteadOfRerunningTheirProcessors(String backend) throws Exception {
        Cache<String, Long> cache = managerInNewProvider(backend, uniqueUri())
                .createCache("counters", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        AtomicInteger runs = new AtomicInteger();
        EntryProcessor<String, Long, Void> increment = (entry, arguments) -> {
            runs.incrementAndGet();
            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
                        cache.invoke("hot", increment);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        int calls = THREADS * INCREMENTS_PER_THREAD;
        assertEquals(calls, cache.get("hot"));
        assertEquals(calls, runs.get(), "processor runs: a run beyond one per call is a CAS conflict and retry");
    }

    /** @return each backend with one manager (one JVM: callers take turns) and two (the CAS decides between them) */
    static Stream<Arguments> backendsAndManagers() {
        return backends().flatMap(backend -> Stream.of(Arguments.of(backend, 1), Arguments.of(backend, 2)));
    }

    @ParameterizedTest
    @MethodSource("backendsAndManagers")
    void blockingAndAsynchronousInvokesOnFewKeysLoseNoUpdateAndReturnEachCountOnce(String backend, int managers)
            throws Exception {
        URI uri = uniqueUri();
        List<MemjcacheCache<String, Long>> caches = new ArrayList<>();
        for (int m = 0; m < managers; m++) {
            caches.add(memjcacheCounters(managerInNewProvider(backend, uri)));
        }
        AtomicInteger runs = new AtomicInteger();
        EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
            runs.incrementAndGet();
            long next = entry.exists() ? entry.getValue() + 1 : 1L;
            entry.setValue(next);
            return next;
        };
        Map<String, Queue<Long>> returned = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                MemjcacheCache<String, Long> cache = caches.get(i % managers);
                boolean async = i % 2 == 1;
                workers.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<?>> window = new ArrayList<>();
                    for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
                        String key = "mixed" + (n % KEYS);
                        Queue<Long> results = returned.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
                        if (!async) {
                            results.add(cache.invoke(key, increment));
                            continue;
                        }
                        // Up to ASYNC_WINDOW calls of this thread in flight at once, queued on the key's lock
                        window.add(cache.invokeAsync(key, increment)
                                .thenAccept(results::add)
                                .toCompletableFuture());
                        if (window.size() == ASYNC_WINDOW) {
                            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
                                    .get(1, TimeUnit.MINUTES);
                            window.clear();
                        }
                    }
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
                            .get(1, TimeUnit.MINUTES);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long perKey = (long) THREADS * INCREMENTS_PER_THREAD / KEYS;
        for (int k = 0; k < KEYS; k++) {
            String key = "mixed" + k;
            assertEquals(perKey, caches.get(0).get(key), key + ": no increment lost");
            List<Long> counts = new ArrayList<>(returned.get(key));
            Collections.sort(counts);
            assertEquals(LongStream.rangeClosed(1, perKey).boxed().toList(), counts, key + ": each count once");
        }
        if (managers == 1) {
            assertEquals(THREADS * INCREMENTS_PER_THREAD, runs.get(), "processor runs: one JVM's callers take turns");
        }
        for (MemjcacheCache<String, Long> cache : caches) {
            assertEquals(0, cache.operations.invokes().heldKeys(), "every key's lock entry goes with its last release");
        }
    }

    @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
    private static MemjcacheCache<String, Long> memjcacheCounters(MemjcacheCacheManager manager) {
        return manager.createCache("mixed", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class))
                .unwrap(MemjcacheCache.class);
    }

    @Test
    void callersHoldingKeysWhileWaitingForEachOthersGiveUpWaitingInsteadOfDeadlocking() throws Exception {
        KeyLocks locks = new KeyLocks();
        String first = "first";
        String second = "second";
        CountDownLatch bothHold = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> one = pool.submit(() -> nested(locks, first, second, bothHold));
            Future<String> other = pool.submit(() -> nested(locks, second, first, bothHold));
            assertEquals("first>second", one.get(1, TimeUnit.MINUTES));
            assertEquals("second>first", other.get(1, TimeUnit.MINUTES));
            assertEquals(0, locks.heldKeys(), "a key's entry goes with its last release");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Holds {@code outer}'s lock, waits until the other caller holds its own, then asks for {@code inner}'s. */
    private static String nested(KeyLocks locks, String outer, String inner, CountDownLatch bothHold) {
        return locks.withLock(outer, () -> {
            bothHold.countDown();
            try {
                if (!bothHold.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the other caller never took its lock");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return locks.withLock(inner, () -> outer + ">" + inner);
        });
    }
}
