package io.memjcache.jcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * A mixed load of several threads on one cache (get, put, remove, putIfAbsent, replace, getAndPut), each thread
 * on keys of its own, checking every read against what the thread was told: after an acknowledged write a key
 * may read only as written; after a failed one, also as the failed call may have left it. Anything else (a lost
 * acknowledged write, a removed or cleared entry coming back, a stale copy) is a violation. Reads are timed.
 *
 * <p>The threads are started by {@link #start()} and ended by {@link #stop()}; the model may be inspected and
 * reset only while they are stopped. Counters are thread-safe.
 */
final class ReplicaLoad {

    /** How an absent entry is written in the model. */
    static final String ABSENT = "<absent>";

    private final Cache<String, String> cache;
    private final List<List<String>> keysByThread = new ArrayList<>();
    /** Per key the values a read may return; written by the key's thread, read by the main thread when stopped. */
    private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder operations = new LongAdder();
    private final AtomicLong slowestReadNanos = new AtomicLong();
    private final AtomicLong serial = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean readsMustSucceed;

    ReplicaLoad(Cache<String, String> cache, int threadCount, int keysPerThread) {
        this.cache = cache;
        for (int t = 0; t < threadCount; t++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < keysPerThread; i++) {
                String key = "t" + t + "-k" + i;
                keys.add(key);
                allowed.put(key, new HashSet<>(Set.of(ABSENT)));
            }
            keysByThread.add(keys);
        }
    }

    /** Writes every key (acknowledged), while stopped. */
    void preload() {
        Map<String, String> values = new HashMap<>();
        allowed.keySet().forEach(key -> values.put(key, key + "#pre"));
        cache.putAll(values);
        values.forEach((key, value) -> allowed.put(key, new HashSet<>(Set.of(value))));
    }

    /** @return every key of the load */
    Set<String> keys() {
        return allowed.keySet();
    }

    /** From now on, a read that fails is a violation (one server at most is down, a replica must answer). */
    void readsMustSucceed(boolean must) {
        readsMustSucceed = must;
    }

    /** After a clear() that returned, or for keys whose owner restarted empty: they may read as absent. */
    void allowAbsent(Set<String> keys) {
        keys.forEach(key -> allowed.get(key).add(ABSENT));
    }

    /** After a clear that will be completed before any read sees the servers it missed: every key is absent. */
    void cleared() {
        allowed.keySet().forEach(key -> allowed.put(key, new HashSet<>(Set.of(ABSENT))));
    }

    void start() {
        running = true;
        for (List<String> keys : keysByThread) {
            Thread thread = new Thread(() -> run(keys), "replica-load");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Waits, spinning, until {@code count} more operations were made; fails after {@code within}. */
    void awaitOperations(long count, Duration within) {
        long target = operations.sum() + count;
        awaitTrue(() -> operations.sum() >= target, within, "operations of the load");
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
        threads.clear();
    }

    /** Reads every key once (while stopped) and checks it against the model. */
    void verifyAll() {
        for (String key : allowed.keySet()) {
            check(key, cache.get(key));
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long operations() {
        return operations.sum();
    }

    Duration slowestRead() {
        return Duration.ofNanos(slowestReadNanos.get());
    }

    /** @return the failed calls by operation and the start of their message */
    Map<String, Long> failures() {
        Map<String, Long> result = new TreeMap<>();
        failures.forEach((cause, count) -> result.put(cause, count.sum()));
        return result;
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.onSpinWait();
        }
    }

    private void run(List<String> keys) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            String key = keys.get(random.nextInt(keys.size()));
            String value = key + "#" + serial.incrementAndGet();
            int dice = random.nextInt(10);
            operations.increment();
            try {
                switch (dice) {
                    case 0, 1, 2, 3 -> timedGet(key);
                    case 4, 5 -> {
                        cache.put(key, value);
                        allowed.put(key, new HashSet<>(Set.of(value)));
                    }
                    case 6 -> {
                        cache.remove(key);
                        allowed.put(key, new HashSet<>(Set.of(ABSENT)));
                    }
                    case 7 -> {
                        if (cache.putIfAbsent(key, value)) {
                            expectAllowed(key, ABSENT, "putIfAbsent won");
                            allowed.put(key, new HashSet<>(Set.of(value)));
                        }
                    }
                    case 8 -> {
                        if (!cache.replace(key, value)) {
                            expectAllowed(key, ABSENT, "replace found nothing");
                            allowed.put(key, new HashSet<>(Set.of(ABSENT)));
                        } else {
                            allowed.put(key, new HashSet<>(Set.of(value)));
                        }
                    }
                    default -> {
                        check(key, cache.getAndPut(key, value));
                        allowed.put(key, new HashSet<>(Set.of(value)));
                    }
                }
            } catch (CacheException e) {
                String operation = dice < 4 ? "get" : dice < 6 ? "put" : dice == 6 ? "remove" : "conditional";
                failures.computeIfAbsent(operation + ": " + kind(e), k -> new LongAdder())
                        .increment();
                if (dice < 4) {
                    if (readsMustSucceed) {
                        violations.add("read of " + key + " failed: " + e.getMessage());
                    }
                } else {
                    // a failed write may or may not have happened
                    allowed.get(key).add(dice == 6 ? ABSENT : value);
                }
            }
        }
    }

    private void timedGet(String key) {
        long start = System.nanoTime();
        String value = cache.get(key);
        long took = System.nanoTime() - start;
        slowestReadNanos.accumulateAndGet(took, Math::max);
        if (took > ReplicaFleet.CALL_LIMIT.toNanos()) {
            violations.add("get " + key + " took " + took / 1_000_000 + " ms");
        }
        check(key, value);
    }

    private void check(String key, String value) {
        expectAllowed(key, value == null ? ABSENT : value, "read");
    }

    private void expectAllowed(String key, String value, String what) {
        Set<String> expected = allowed.get(key);
        if (!expected.contains(value)) {
            violations.add(what + " " + key + " found " + value + ", expected one of " + expected);
        }
    }

    private static String kind(CacheException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("read from a replica")) {
            return "owner down (read from a replica)";
        }
        if (message.contains("marked down")) {
            return "marked down";
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return "timeout";
        }
        return message.contains("connect") ? "connection" : "other";
    }
}
