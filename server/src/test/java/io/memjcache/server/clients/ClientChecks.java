package io.memjcache.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the client-library tests share whatever the library: reading one server's answer out of a per-server map,
 * stat deltas, test values, and running the same counter work on several threads at once. The scenarios themselves
 * stay in each library's test, because the libraries differ in what they report (a {@code cas} outcome, an
 * {@code incr} of a missing key) and the tests assert exactly that.
 *
 * <p>Stateless; thread-safe. No method accepts or returns {@code null}.
 */
final class ClientChecks {

    /** Threads that update the shared counters at once. */
    static final int THREADS = 8;
    /** Counters the threads share; each gets an equal number of threads. */
    static final List<String> COUNTERS = List.of("cc:a", "cc:b");
    /** Increments each thread makes. */
    static final int INCREMENTS_PER_THREAD = 150;

    private ClientChecks() {}

    /** Increments one counter {@code times} times with {@code gets}/{@code cas}. */
    @FunctionalInterface
    interface CasIncrements {
        void run(String counter, int times) throws Exception;
    }

    /** @return the single answer in a map of answers by server, failing if there is not exactly one */
    static <K, T> T onlyServer(Map<K, T> perServer) {
        assertEquals(1, perServer.size(), "answers from one server: " + perServer);
        return perServer.values().iterator().next();
    }

    /** @return how much a numeric stat grew between two readings */
    static long delta(Map<String, String> before, Map<String, String> after, String stat) {
        assertNotNull(after.get(stat), stat + " missing from stats");
        return Long.parseLong(after.get(stat)) - Long.parseLong(before.get(stat));
    }

    /** Checks that a {@code version} answer is memcached 1.6-style and the same as the stats' {@code version}. */
    static void assertVersionAsInStats(String version, Map<String, String> stats) {
        assertTrue(version.matches("1\\.6\\.\\d+.*"), "a 1.6-style version, not " + version);
        assertEquals(version, stats.get("version"));
    }

    /** @return the 512 bytes 0..255 twice over: every byte value, \r, \n and NUL among them */
    static byte[] everyByteValueTwice() {
        byte[] every = new byte[512];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        return every;
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Runs {@code increments} on {@link #THREADS} threads at once, thread {@code t} on counter {@code t % 2}, each
     * {@link #INCREMENTS_PER_THREAD} times; rethrows the first failure.
     *
     * @return the value each counter must end at when no update is lost
     */
    static long incrementConcurrently(CasIncrements increments) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String counter = COUNTERS.get(t % COUNTERS.size());
                done.add(pool.submit(() -> {
                    increments.run(counter, INCREMENTS_PER_THREAD);
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return (long) THREADS / COUNTERS.size() * INCREMENTS_PER_THREAD;
    }
}
