package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * invoke is atomic across cache managers that share servers: 8 threads in each of two managers (separate
 * providers, as two JVMs would have) increment one counter through invoke, and no increment is lost.
 * 10,000 increments per thread, 160,000 in all, take about 25 to 30 s per backend on two cores; the full count is
 * the proof asked for, so it is not scaled down.
 */
class ConcurrentInvokeTest extends BackendTestSupport {

    private static final int THREADS_PER_MANAGER = 8;
    private static final int INCREMENTS_PER_THREAD = 10_000;

    /** Adds one to the entry's value, starting from 0 when absent. */
    private static final EntryProcessor<String, Long, Void> INCREMENT = (entry, arguments) -> {
        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
        return null;
    };

    @ParameterizedTest
    @MethodSource("backends")
    void concurrentIncrementsThroughInvokeAreNeverLost(String backend) throws Exception {
        URI uri = uniqueUri();
        MutableConfiguration<String, Long> configuration =
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
        Cache<String, Long> first = managerInNewProvider(backend, uri).createCache("counters", configuration);
        Cache<String, Long> second = managerInNewProvider(backend, uri).createCache("counters", configuration);

        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_MANAGER);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS_PER_MANAGER; i++) {
                workers.add(pool.submit(() -> increment(first)));
                workers.add(pool.submit(() -> increment(second)));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        long expected = 2L * THREADS_PER_MANAGER * INCREMENTS_PER_THREAD;
        assertEquals(expected, first.get("hits"));
        assertEquals(expected, second.get("hits"));
    }

    private static void increment(Cache<String, Long> cache) {
        for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
            cache.invoke("hits", INCREMENT);
        }
    }
}
