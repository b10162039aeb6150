package io.memjcache.benchmarks.jcache;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.near.NearEntry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Hot-key reads through memjcache with a strict near cache against without, on a server started by the caller:
 * {@code java -cp benchmarks.jar io.memjcache.benchmarks.jcache.NearCacheHarness <host:port> [rounds] [seconds]}.
 * For values of 4 KB and 16 KB and 1 and 16 threads, each round runs without near cache (A) and then with it (B),
 * so rounds go A B A B; every run has a fresh manager, loads 100 hot keys, warms up for a second and then times
 * {@code get} of random hot keys with {@link LoadDriver}. Prints each run and, per case, the median ops/s of each
 * mode and the ratio of their medians.
 *
 * <p>Then, labelled as such, the upper bound of a near hit without any round trip (the eventual mode's best case):
 * the near cache's lookup alone, an immutable value shared, on the same threads. Not thread-safe; run once.
 */
public final class NearCacheHarness {

    private static final int HOT_KEYS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(1);

    private NearCacheHarness() {}

    public static void main(String[] args) throws Exception {
        String server = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Duration phase = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 3);
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int valueBytes : new int[] {4096, 16384}) {
            for (int threads : new int[] {1, 16}) {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean near : new boolean[] {false, true}) {
                        double ops = run(server, near, valueBytes, threads, phase);
                        String key = valueBytes / 1024 + " KB, " + threads + " threads, " + (near ? "strict" : "off");
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(ops);
                        System.out.printf("round %d  %-32s %,12.0f gets/s%n", round, key, ops);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| value | threads | without near cache (gets/s) | strict near cache (gets/s) | ratio |");
        System.out.println("|---|---|---|---|---|");
        for (int valueBytes : new int[] {4096, 16384}) {
            for (int threads : new int[] {1, 16}) {
                String prefix = valueBytes / 1024 + " KB, " + threads + " threads, ";
                double off = median(results.getOrDefault(prefix + "off", List.of()));
                double strict = median(results.getOrDefault(prefix + "strict", List.of()));
                System.out.printf(
                        "| %d KB | %d | %,.0f | %,.0f | %.2fx |%n",
                        valueBytes / 1024, threads, off, strict, strict / off);
            }
        }
        System.out.println();
        for (int threads : new int[] {1, 16}) {
            System.out.printf(
                    "upper bound of an eventual near hit (lookup alone, no round trip), %d threads: %,.0f gets/s%n",
                    threads, lookupAlone(threads, phase));
        }
    }

    /** @return the gets per second of one run */
    private static double run(String server, boolean near, int valueBytes, int threads, Duration phase)
            throws Exception {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", server);
        properties.setProperty("memjcache.namespace", "near-bench-" + System.nanoTime());
        if (near) {
            properties.setProperty("memjcache.nearCache.maxEntries", "10000");
            properties.setProperty("memjcache.nearCache.consistency", "strict");
        }
        try (MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
                CacheManager manager = provider.getCacheManager(
                        URI.create("memjcache:near-bench"), NearCacheHarness.class.getClassLoader(), properties)) {
            Cache<String, String> cache = manager.createCache(
                    "hot", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            char[] filler = new char[valueBytes];
            for (int i = 0; i < HOT_KEYS; i++) {
                Arrays.fill(filler, (char) ('a' + i % 26));
                cache.put("hot-" + i, new String(filler));
            }
            LoadDriver.Op get = random -> {
                if (cache.get("hot-" + random.nextInt(HOT_KEYS)) == null) {
                    throw new IllegalStateException("a hot key is missing");
                }
            };
            LoadDriver.run(threads, WARM_UP, get);
            LoadDriver.Phase measured = LoadDriver.run(threads, phase, get);
            if (measured.firstFailure() != null) {
                throw measured.firstFailure();
            }
            return measured.callsPerSecond();
        }
    }

    /** @return the lookups per second of a near cache holding the hot keys, with nothing else on the path */
    private static double lookupAlone(int threads, Duration phase) throws Exception {
        NearCache near = new NearCache(10_000, 0);
        ServerAddress server = new ServerAddress("127.0.0.1", 1, 1);
        for (int i = 0; i < HOT_KEYS; i++) {
            String value = "v" + i;
            near.fill(
                    near.beginFill("hot-" + i),
                    new NearEntry(i + 1, 1, server, Long.MAX_VALUE, new byte[1], new byte[1], value));
        }
        LoadDriver.Op get = random -> {
            NearEntry entry = near.get("hot-" + random.nextInt(HOT_KEYS));
            if (entry == null || entry.value() == null || !entry.liveAt(System.currentTimeMillis())) {
                throw new IllegalStateException("a hot key is missing");
            }
        };
        LoadDriver.run(threads, WARM_UP, get);
        return LoadDriver.run(threads, phase, get).callsPerSecond();
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
