package io.memjcache.benchmarks.jcache;

import io.memjcache.jcache.MemjcacheCache;
import io.memjcache.jcache.MemjcacheCachingProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;

/**
 * Get, put and invoke throughput through {@link MemjcacheCache}: the asynchronous API with a fixed number of calls in flight
 * from one thread, beside the blocking API from 1 and from 16 threads, on the same memcached, taking turns (A B C A
 * B C ...) so that drift in the machine hits each alike.
 *
 * <p>Run it with the server on one core and the client on the other, e.g.
 * <pre>
 * taskset -c 1 memcached -p 22122 -m 256 &amp;
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar io.memjcache.benchmarks.jcache.CacheAsyncThroughput \
 *     127.0.0.1:22122 [seconds per phase, 5] [rounds, 3] [in flight, 256]
 * </pre>
 * Values are 100 characters, keys 10,000 (all stored before the first round). Each phase warms up for a second
 * first. Prints one line per round, mode and operation, then the medians. Not thread-safe; a program.
 */
public final class CacheAsyncThroughput {

    private static final String VALUE = "v".repeat(100);

    /** The processor of the invoke mode: sets the value, so each call reads the entry and writes it back. */
    private static final EntryProcessor<String, String, Void> SET = (entry, arguments) -> {
        entry.setValue(VALUE);
        return null;
    };

    private CacheAsyncThroughput() {}

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", args[0]);
        try (MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
                CacheManager manager = provider.getCacheManager(
                        URI.create("memjcache:cache-async-bench"), provider.getDefaultClassLoader(), properties)) {
            Cache<String, String> cache = manager.createCache(
                    "bench", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
            MemjcacheCache<String, String> async = cache.unwrap(MemjcacheCache.class);
            AsyncThroughput.AsyncClient client = new AsyncThroughput.AsyncClient() {
                @Override
                public CompletionStage<?> get(String key) {
                    return async.getAsync(key);
                }

                @Override
                public CompletionStage<?> put(String key) {
                    return async.putAsync(key, VALUE);
                }

                @Override
                public void close() {}
            };
            AsyncThroughput.Operation invoke = (calls, key) -> async.invokeAsync(key, SET);
            AsyncThroughput.run(
                    client, AsyncThroughput.AsyncClient::put, Duration.ZERO, inFlight, AsyncThroughput.KEYS);
            Map<String, List<Double>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String operation : List.of("get", "put", "invoke")) {
                    AsyncThroughput.Operation op =
                            switch (operation) {
                                case "get" -> AsyncThroughput.AsyncClient::get;
                                case "put" -> AsyncThroughput.AsyncClient::put;
                                default -> invoke;
                            };
                    AsyncThroughput.run(client, op, Duration.ofSeconds(1), inFlight, Long.MAX_VALUE); // warm-up
                    record(
                            results,
                            round,
                            "async " + inFlight + " " + operation,
                            AsyncThroughput.run(client, op, phase, inFlight, Long.MAX_VALUE));
                    for (int threads : new int[] {1, 16}) {
                        blocking(cache, operation, threads, Duration.ofSeconds(1)); // warm-up
                        record(
                                results,
                                round,
                                "blocking " + threads + "t " + operation,
                                blocking(cache, operation, threads, phase));
                    }
                }
            }
            System.out.println("medians over " + rounds + " rounds:");
            results.forEach(
                    (name, values) -> System.out.printf("%-22s %,12.0f ops/s%n", name, AsyncThroughput.median(values)));
        }
    }

    private static void record(Map<String, List<Double>> results, int round, String name, double perSecond) {
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(perSecond);
        System.out.printf("round %d  %-22s %,12.0f ops/s%n", round, name, perSecond);
    }

    /** @return the calls per second of {@code threads} threads making blocking gets, puts or invokes for {@code duration} */
    private static double blocking(Cache<String, String> cache, String operation, int threads, Duration duration)
            throws InterruptedException {
        LongAdder calls = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int t = 0; t < threads; t++) {
            int offset = t * 997;
            Thread thread = new Thread(() -> {
                long n = offset;
                while (System.nanoTime() - end < 0) {
                    String key = "bench:" + (n++ % AsyncThroughput.KEYS);
                    switch (operation) {
                        case "get" -> cache.get(key);
                        case "put" -> cache.put(key, VALUE);
                        default -> cache.invoke(key, SET);
                    }
                    calls.increment();
                }
                done.countDown();
            });
            thread.start();
        }
        done.await();
        return calls.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
