package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * invoke on a hot key within one JVM: the callers take turns on the key's lock ({@link KeyLocks}) instead of
 * failing each other's CAS writes, so each processor runs once per call; and the lock, being only an optimization,
 * never deadlocks. Atomicity across managers and JVMs, which the CAS keeps, is proven by
 * {@link ConcurrentInvokeTest} and the races of {@code TwoJvmRaceTest}.
 */
class InvokeContentionTest extends BackendTestSupport {

    private static final int THREADS = 8;
    private static final int INCREMENTS_PER_THREAD = 100;

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
