package io.memjcache.jcache.race;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * One JVM's part of {@link EventualNearCacheJvmTest}, the same in every JVM: several threads making random calls on a
 * few hot keys of an {@code eventual} near cache, mostly reads so that the near cache answers many of them, the rest
 * puts and removes and, rarely, a {@code clear()}. Every value written is unique ({@code <jvm>.<thread>.<n>}), so a
 * read names the write it saw. Each call is recorded with {@link System#nanoTime()} before and after it: on Linux that
 * is the machine's monotonic clock ({@code CLOCK_MONOTONIC}), the same in every process of the machine, so the calls
 * of several JVMs can be ordered in real time.
 *
 * <p>Stateless. Arguments are never {@code null}.
 */
final class EventualCalls {

    static final String CACHE = "eventual-race";
    static final int KEYS = 16;
    /** A pause after each call: the calls of 2 or 3 JVMs must leave the shared two-core machine some room. */
    private static final long PACING_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

    private EventualCalls() {}

    /**
     * @return a manager on the servers, in the namespace, whose caches keep an eventual near cache large enough for
     *     the hot keys, with the default staleness bound
     */
    static CacheManager manager(CachingProvider provider, String name, String servers, String namespace) {
        return manager(provider, name, servers, namespace, "1s");
    }

    /** As {@link #manager(CachingProvider, String, String, String)}, with the given operation timeout. */
    static CacheManager manager(
            CachingProvider provider, String name, String servers, String namespace, String opTimeout) {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", servers);
        properties.setProperty("memjcache.namespace", namespace);
        properties.setProperty("memjcache.nearCache.maxEntries", "1000");
        properties.setProperty("memjcache.nearCache.consistency", "eventual");
        properties.setProperty("memjcache.opTimeout", opTimeout);
        return provider.getCacheManager(
                URI.create("memjcache:" + name), EventualCalls.class.getClassLoader(), properties);
    }

    static Cache<String, String> cache(CacheManager manager) {
        return manager.createCache(
                CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    /** @return the name of hot key {@code index} */
    static String key(int index) {
        return "k" + index;
    }

    /**
     * Runs {@code threads} threads of random calls from {@code startNanos} for {@code durationNanos}.
     *
     * @return the calls made, encoded as {@link StalenessCheck.Call#encode()} lines
     */
    static List<String> run(
            Cache<String, String> cache, int jvm, int threads, long seed, long startNanos, long durationNanos)
            throws InterruptedException {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<List<String>> recorded = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<String> calls = new ArrayList<>();
            recorded.add(calls);
            SplittableRandom random = seeds.split();
            String writer = jvm + "." + t + ".";
            Thread thread = new Thread(
                    () -> calls(cache, jvm, writer, random, startNanos, startNanos + durationNanos, calls),
                    "eventual-caller-" + t);
            running.add(thread);
            thread.start();
        }
        List<String> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.get(t).join();
            all.addAll(recorded.get(t));
        }
        return all;
    }

    private static void calls(
            Cache<String, String> cache,
            int jvm,
            String writer,
            SplittableRandom random,
            long startNanos,
            long endNanos,
            List<String> calls) {
        LockSupport.parkNanos(startNanos - System.nanoTime()); // all callers of all JVMs start together
        for (int n = 0; System.nanoTime() - endNanos < 0; n++) {
            int key = random.nextInt(KEYS);
            int dice = random.nextInt(10_000);
            long invoked = System.nanoTime();
            StalenessCheck.Kind kind;
            String value = null;
            if (dice < 9_700) {
                kind = StalenessCheck.Kind.GET;
                value = cache.get(key(key));
            } else if (dice < 9_900) {
                kind = StalenessCheck.Kind.PUT;
                value = writer + n;
                cache.put(key(key), value);
            } else if (dice < 9_998) {
                kind = StalenessCheck.Kind.REMOVE;
                value = cache.remove(key(key)) ? "removed" : "absent"; // shown in failures, not judged
            } else {
                kind = StalenessCheck.Kind.CLEAR;
                cache.clear();
            }
            long returned = System.nanoTime();
            calls.add(new StalenessCheck.Call(jvm, kind, key, value, invoked, returned).encode());
            LockSupport.parkNanos(PACING_NANOS); // pacing the load, not waiting for anything
        }
    }

    /** @return one count of the near cache's MXBean in this JVM, such as {@code NearHits} */
    static long nearCount(CacheManager manager, String attribute) {
        return NearRaceCalls.nearCount(manager, CACHE, attribute);
    }
}
