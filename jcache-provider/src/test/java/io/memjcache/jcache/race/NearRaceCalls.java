package io.memjcache.jcache.race;

import io.memjcache.jcache.MemjcacheCache;
import io.memjcache.jcache.management.MBeans;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.JMException;

/**
 * One caller's part of a round of {@link NearCacheJvmRaceTest}, the same in every JVM: random calls on a few hot
 * keys, reads half of them so that the near cache is hit (half of those with {@code getAsync}), now and then a
 * {@code clear()}; each call recorded with
 * {@link System#nanoTime()}, which on Linux reads the machine's monotonic clock, the same in every process, so the
 * calls of several JVMs can be ordered in real time.
 *
 * <p>Stateless. Arguments are never {@code null}.
 */
final class NearRaceCalls {

    static final String CACHE = "near-race";
    static final int KEYS = 2;
    static final int CALLS = 5;
    private static final String[] VALUES = {"1", "2", "3"};
    private static final List<ModelOp> WRITES = List.of(
            ModelOp.PUT,
            ModelOp.REMOVE,
            ModelOp.REPLACE,
            ModelOp.REPLACE_IF_EQUAL,
            ModelOp.PUT_IF_ABSENT,
            ModelOp.GET_AND_PUT,
            ModelOp.INVOKE_INCREMENT);

    private NearRaceCalls() {}

    /**
     * One recorded call.
     *
     * @param key  the key's index, or -1 for a {@link ModelOp#CLEAR}, which concerns every key
     * @param call the call
     */
    record Recorded(int key, Linearizability.Call call) {
        String encode() {
            return key + "\t" + call.op() + "\t" + call.value() + "\t" + call.expected() + "\t" + call.result() + "\t"
                    + call.invoked() + "\t" + call.returned();
        }

        static Recorded decode(String line) {
            String[] f = line.split("\t", -1);
            return new Recorded(
                    Integer.parseInt(f[0]),
                    new Linearizability.Call(
                            ModelOp.valueOf(f[1]), f[2], f[3], f[4], Long.parseLong(f[5]), Long.parseLong(f[6])));
        }
    }

    /** @return a manager on the servers, in the namespace, whose caches keep a strict near cache */
    static CacheManager manager(javax.cache.spi.CachingProvider provider, String name, String servers, String ns) {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", servers);
        properties.setProperty("memjcache.namespace", ns);
        properties.setProperty("memjcache.nearCache.maxEntries", "1000");
        properties.setProperty("memjcache.nearCache.consistency", "strict");
        return provider.getCacheManager(
                URI.create("memjcache:" + name), NearRaceCalls.class.getClassLoader(), properties);
    }

    static Cache<String, String> cache(CacheManager manager) {
        return manager.createCache(
                CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    /** Runs this caller's calls, starting when {@link System#nanoTime()} reaches {@code startNanos}. */
    static List<Recorded> run(Cache<String, String> cache, String prefix, long seed, long startNanos) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Recorded> calls = new ArrayList<>();
        while (System.nanoTime() < startNanos) {
            Thread.onSpinWait(); // all callers of all JVMs start together
        }
        for (int i = 0; i < CALLS; i++) {
            int key = random.nextInt(KEYS);
            int dice = random.nextInt(100);
            ModelOp op =
                    dice < 50 ? ModelOp.GET : dice < 53 ? ModelOp.CLEAR : WRITES.get(random.nextInt(WRITES.size()));
            String value = VALUES[random.nextInt(VALUES.length)];
            String expected = VALUES[random.nextInt(VALUES.length)];
            long invoked = System.nanoTime();
            // Half the reads go through getAsync, whose strict check is sent on the asynchronous client
            String result = op == ModelOp.GET && dice < 25
                    ? getAsync(cache, prefix + key)
                    : op.run(cache, prefix + key, value, expected);
            long returned = System.nanoTime();
            calls.add(new Recorded(
                    op == ModelOp.CLEAR ? -1 : key,
                    new Linearizability.Call(op, value, expected, result, invoked, returned)));
        }
        return calls;
    }

    /** @return what getAsync answered, as text ({@code -} for none) */
    @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
    private static String getAsync(Cache<String, String> cache, String key) {
        MemjcacheCache<String, String> memjcache = cache.unwrap(MemjcacheCache.class);
        String value = memjcache.getAsync(key).toCompletableFuture().join();
        return value == null ? ModelOp.NULL : value;
    }

    /** @return one count of the near cache's MXBean in this JVM, such as {@code NearHits} */
    static long nearCount(CacheManager manager, String attribute) {
        return nearCount(manager, CACHE, attribute);
    }

    /** @return one count of the MXBean of the near cache of the cache named {@code cache} in this JVM */
    static long nearCount(CacheManager manager, String cache, String attribute) {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(MBeans.nearObjectName(manager.getURI(), cache), attribute);
        } catch (JMException e) {
            throw new IllegalStateException("no near cache statistics of " + cache, e);
        }
    }
}
