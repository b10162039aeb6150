package io.memjcache.benchmarks.jcache;

import io.memjcache.jcache.MemjcacheCachingProvider;
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
 * Hot-key reads through memjcache without a near cache, with a strict one and with an eventual one, on a server
 * started by the caller: {@code java -cp benchmarks.jar io.memjcache.benchmarks.jcache.NearCacheHarness <host:port>
 * [rounds] [seconds] [modes]}, modes a comma-separated subset of {@code off,strict,eventual} (default all three).
 * For values of 4 KB and 16 KB and 1 and 16 threads, each round runs every mode in turn, so rounds go A B C A B C;
 * every run has a fresh manager, loads 100 hot keys, warms up for a second (long enough for an eventual cache's
 * watch streams to be confirmed) and then times {@code get} of random hot keys with {@link LoadDriver}. Prints each
 * run and, per case, the median gets/s of each mode and the ratio of each near mode's median to the one without.
 * Not thread-safe; run once.
 */
public final class NearCacheHarness {

    private static final int HOT_KEYS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(1);

    private NearCacheHarness() {}

    public static void main(String[] args) throws Exception {
        String server = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Duration phase = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 3);
        List<String> modes = List.of((args.length > 3 ? args[3] : "off,strict,eventual").split(","));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int valueBytes : new int[] {4096, 16384}) {
            for (int threads : new int[] {1, 16}) {
                for (int round = 1; round <= rounds; round++) {
                    for (String mode : modes) {
                        double ops = run(server, mode, valueBytes, threads, phase);
                        String key = valueBytes / 1024 + " KB, " + threads + " threads, " + mode;
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(ops);
                        System.out.printf("round %d  %-32s %,12.0f gets/s%n", round, key, ops);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| value | threads | mode | gets/s (median) | ratio to off |");
        System.out.println("|---|---|---|---|---|");
        for (int valueBytes : new int[] {4096, 16384}) {
            for (int threads : new int[] {1, 16}) {
                String prefix = valueBytes / 1024 + " KB, " + threads + " threads, ";
                double off = median(results.getOrDefault(prefix + "off", List.of()));
                for (String mode : modes) {
                    double ops = median(results.getOrDefault(prefix + mode, List.of()));
                    System.out.printf(
                            "| %d KB | %d | %s | %,.0f | %.2fx |%n", valueBytes / 1024, threads, mode, ops, ops / off);
                }
            }
        }
    }

    /** @return the gets per second of one run */
    private static double run(String server, String mode, int valueBytes, int threads, Duration phase)
            throws Exception {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", server);
        properties.setProperty("memjcache.namespace", "near-bench-" + System.nanoTime());
        if (!mode.equals("off")) {
            properties.setProperty("memjcache.nearCache.maxEntries", "10000");
            properties.setProperty("memjcache.nearCache.consistency", mode);
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

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
