package io.memjcache.jcache.bench;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Measures the provider through the JCache API: a 90% get / 10% put mix of 100-character String values over
 * 10,000 keys on 1 and on 16 threads, and a getAll of 100 keys against 100 single gets. Not a test: a program to
 * run by hand, for example
 *
 * <pre>
 * mvn -o -q -pl jcache-provider test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.memjcache.jcache.bench.ProviderThroughput \
 *     -Dexec.args="--servers=127.0.0.1:11211 --seconds=10 --warmup=5"
 * </pre>
 *
 * <p>Options: {@code --servers=host:port,...} (default: the bundled server, started in-process as the embedded
 * default would), {@code --seconds=N} per measured
 * run (default 10), {@code --warmup=N} seconds of mixed load before measuring (default 5), {@code --opTimeout=2s}
 * (default: the provider's, 1s; raise it on a machine so busy that a cold start exceeds it). Every get must hit
 * (all keys are loaded first); misses or errors are reported, as they would make the numbers meaningless.
 *
 * <p>Single-threaded program apart from its load threads; not for use as a library. Arguments must not be
 * {@code null}.
 */
public final class ProviderThroughput {

    private static final int KEYS = 10_000;
    private static final int VALUE_CHARS = 100;
    private static final int PUT_PERCENT = 10;
    private static final int BULK_KEYS = 100;
    private static final int MANY_THREADS = 16;

    private final Cache<String, String> cache;
    private final List<String> keys = new ArrayList<>(KEYS);
    private final List<String> values = new ArrayList<>(KEYS);

    private ProviderThroughput(Cache<String, String> cache) {
        this.cache = cache;
        for (int i = 0; i < KEYS; i++) {
            String key = "bench-key-" + i;
            keys.add(key);
            // Distinct values of exactly VALUE_CHARS ASCII characters (String fast path: 100 bytes serialized).
            String prefix = "value-" + i + "-";
            values.add(prefix + "x".repeat(VALUE_CHARS - prefix.length()));
        }
    }

    /**
     * Runs the benchmark and prints its table.
     *
     * @param args {@code --servers=...}, {@code --seconds=N}, {@code --warmup=N}, {@code --opTimeout=...}, each
     *     optional
     * @throws InterruptedException if interrupted while waiting for the load threads
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        if (!options.containsKey("servers")) {
            try (ServerUnderTest bundled = ServerUnderTest.bundled()) {
                bench(options, "127.0.0.1:" + bundled.port());
            }
        } else {
            bench(options, options.get("servers"));
        }
    }

    private static void bench(Map<String, String> options, String servers) throws InterruptedException {
        Duration measured = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));

        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", servers);
        if (options.containsKey("opTimeout")) {
            properties.setProperty("memjcache.opTimeout", options.get("opTimeout"));
        }
        MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
        try {
            CacheManager manager = provider.getCacheManager(
                    URI.create("memjcache:bench-" + UUID.randomUUID()),
                    ProviderThroughput.class.getClassLoader(),
                    properties);
            Cache<String, String> cache = manager.createCache(
                    "bench", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            ProviderThroughput bench = new ProviderThroughput(cache);
            bench.run(
                    servers + ", opTimeout=" + properties.getProperty("memjcache.opTimeout", "default"),
                    measured,
                    warmup);
            cache.clear();
        } finally {
            provider.close();
        }
    }

    private void run(String setup, Duration measured, Duration warmup) throws InterruptedException {
        load();
        System.out.printf(
                "memjcache provider throughput: servers=%s, %d keys, %d-char String values, "
                        + "%d%% puts, %d s per run after %d s warm-up, %d CPUs%n",
                setup,
                KEYS,
                VALUE_CHARS,
                PUT_PERCENT,
                measured.toSeconds(),
                warmup.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        mix(MANY_THREADS, warmup);
        MixResult one = mix(1, measured);
        MixResult many = mix(MANY_THREADS, measured);
        bulk(warmup.dividedBy(2), warmup.dividedBy(2)); // warms both bulk paths
        BulkResult bulk = bulk(measured.dividedBy(2), measured.dividedBy(2));

        System.out.println();
        System.out.printf("%-34s %12s %14s %8s%n", "get/put 90/10", "ops/s", "mean us/op", "errors");
        System.out.printf(
                "%-34s %12.0f %14.1f %8d%n", "1 thread", one.opsPerSecond(), one.meanMicros(), one.failures());
        System.out.printf(
                "%-34s %12.0f %14.1f %8d%n",
                MANY_THREADS + " threads", many.opsPerSecond(), many.meanMicros(), many.failures());
        System.out.println();
        System.out.printf("%-34s %12s%n", BULK_KEYS + " keys, 1 thread", "us per key");
        System.out.printf("%-34s %12.2f%n", "getAll(" + BULK_KEYS + " keys)", bulk.getAllMicrosPerKey());
        System.out.printf("%-34s %12.2f%n", BULK_KEYS + " x get", bulk.singleMicrosPerKey());
        System.out.printf(
                "%-34s %12.1f%n", "ratio (single / getAll)", bulk.singleMicrosPerKey() / bulk.getAllMicrosPerKey());
        long misses = one.misses() + many.misses() + bulk.misses();
        if (misses > 0) {
            System.out.println("WARNING: " + misses + " gets missed although every key was loaded");
        }
    }

    /** Loads every key, so that every get of the benchmark is a hit. */
    private void load() {
        Map<String, String> batch = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            batch.put(keys.get(i), values.get(i));
            if (batch.size() == 500) {
                cache.putAll(batch);
                batch.clear();
            }
        }
        cache.putAll(batch);
    }

    /**
     * The results of one mixed run.
     *
     * @param operations operations completed
     * @param failures   operations that threw
     * @param misses     gets that found nothing
     * @param nanos      wall time of the run
     * @param threads    load threads
     */
    private record MixResult(long operations, long failures, long misses, long nanos, int threads) {

        double opsPerSecond() {
            return operations * 1e9 / nanos;
        }

        /** Mean latency seen by one thread: threads * time / operations. */
        double meanMicros() {
            return operations == 0 ? Double.NaN : threads * (nanos / 1e3) / operations;
        }
    }

    private MixResult mix(int threads, Duration duration) throws InterruptedException {
        LongAdder operations = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder misses = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(t);
            Thread worker = new Thread(
                    () -> {
                        awaitStart(start);
                        long done = 0;
                        while (System.nanoTime() < deadline[0]) {
                            int index = random.nextInt(KEYS);
                            try {
                                if (random.nextInt(100) < PUT_PERCENT) {
                                    cache.put(keys.get(index), values.get(index));
                                } else if (cache.get(keys.get(index)) == null) {
                                    misses.increment();
                                }
                                done++;
                            } catch (RuntimeException e) {
                                failures.increment();
                            }
                        }
                        operations.add(done);
                    },
                    "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        long begin = System.nanoTime();
        deadline[0] = begin + duration.toNanos();
        start.countDown(); // publishes deadline[0] to the workers (happens-before through the latch)
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - begin;
        return new MixResult(operations.sum(), failures.sum(), misses.sum(), nanos, threads);
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * getAll against single gets.
     *
     * @param getAllMicrosPerKey mean time per key fetched with getAll
     * @param singleMicrosPerKey mean time per key fetched with get
     * @param misses             keys not found by either
     */
    private record BulkResult(double getAllMicrosPerKey, double singleMicrosPerKey, long misses) {}

    /** Random sets of {@link #BULK_KEYS} keys, fetched by getAll for one period, then one by one for another. */
    private BulkResult bulk(Duration getAllPeriod, Duration singlePeriod) {
        SplittableRandom random = new SplittableRandom(42);
        long misses = 0;
        long keysRead = 0;
        long begin = System.nanoTime();
        long end = begin + getAllPeriod.toNanos();
        while (System.nanoTime() < end) {
            Set<String> batch = randomKeys(random);
            misses += batch.size() - cache.getAll(batch).size();
            keysRead += batch.size();
        }
        double getAllMicros = (System.nanoTime() - begin) / 1e3 / keysRead;

        keysRead = 0;
        begin = System.nanoTime();
        end = begin + singlePeriod.toNanos();
        while (System.nanoTime() < end) {
            for (String key : randomKeys(random)) {
                if (cache.get(key) == null) {
                    misses++;
                }
                keysRead++;
            }
        }
        double singleMicros = (System.nanoTime() - begin) / 1e3 / keysRead;
        return new BulkResult(getAllMicros, singleMicros, misses);
    }

    private Set<String> randomKeys(SplittableRandom random) {
        Set<String> batch = new LinkedHashSet<>();
        while (batch.size() < BULK_KEYS) {
            batch.add(keys.get(random.nextInt(KEYS)));
        }
        return batch;
    }

    /** @return {@code --name=value} arguments by name */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            String name = arg.substring(2, equals);
            if (!Set.of("servers", "seconds", "warmup", "opTimeout").contains(name)) {
                throw new IllegalArgumentException(
                        "unknown option --" + name + " (known: servers, seconds, warmup, opTimeout)");
            }
            options.put(name, arg.substring(equals + 1));
        }
        return options;
    }
}
