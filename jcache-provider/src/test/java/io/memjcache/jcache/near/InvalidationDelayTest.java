package io.memjcache.jcache.near;

import static io.memjcache.jcache.near.ServerWatchesTest.BOUND;
import static io.memjcache.jcache.near.ServerWatchesTest.PATIENCE;
import static io.memjcache.jcache.near.ServerWatchesTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures the delay from another process's write to the {@link NearInvalidations#invalidate} call, idle and under
 * a write load, on both servers, and counts the staleness events: a write delivered later than the bound while
 * {@code servable} was seen true after the bound had passed (sampled continuously). There must be none on the bundled
 * server; on memcached they are counted (see {@link #report} for why they are not asserted there). Prints
 * p50/p99/max, the writes over the bound, and the heartbeats per second.
 */
class InvalidationDelayTest {

    private static final int WRITES = 300;
    private static final int PACING_MICROS = 3000;
    private static final CacheNamespace NAMESPACE = CacheNamespace.of("delays", "c");

    @ParameterizedTest
    @CsvSource({"bundled,0", "bundled,2", "memcached,0", "memcached,2"})
    void delaysFromAnotherProcessStayWithinTheBound(String backend, int loadThreads) throws Exception {
        try (AutoCloseable server =
                backend.equals("bundled") ? ServerUnderTest.bundled() : ReferenceMemcached.start("-t", "4")) {
            int port =
                    server instanceof ServerUnderTest bundled ? bundled.port() : ((ReferenceMemcached) server).port();
            measure(backend, ServerAddress.of("127.0.0.1", port), loadThreads);
        }
    }

    private static void measure(String backend, ServerAddress server, int loadThreads) throws Exception {
        String prefix = NAMESPACE.entryPrefix() + "t";
        Map<String, Long> delivered = new ConcurrentHashMap<>();
        RecordingInvalidations calls = new RecordingInvalidations() {
            @Override
            public void invalidate(String memcachedKey) {
                if (memcachedKey.startsWith(prefix)) {
                    delivered.putIfAbsent(memcachedKey, System.nanoTime());
                }
            }
        };
        List<long[]> servableSamples = Collections.synchronizedList(new ArrayList<>());
        try (MemcachedClient client = MemcachedClient.create(ClientConfig.defaults(List.of(server)));
                ServerWatches watches = new ServerWatches(client)) {
            WatchRegistration registration = watches.register(NAMESPACE, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    if (registration.servable(server)) {
                        servableSamples.add(new long[] {System.nanoTime()});
                    }
                    LockSupport.parkNanos(100_000); // sampling, not waiting for an effect
                }
            });
            sampler.start();
            long heartbeatsBefore = watches.heartbeats();
            long start = System.nanoTime();
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            WatchWriterChild.class.getName(),
                            server.host(),
                            Integer.toString(server.port()),
                            prefix,
                            Integer.toString(WRITES),
                            Integer.toString(PACING_MICROS),
                            Integer.toString(loadThreads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Map<String, Long> answered = new HashMap<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    int space = line.indexOf(' ');
                    answered.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
                }
            }
            assertEquals(0, child.waitFor(), "the writing process failed");
            assertEquals(WRITES, answered.size());
            double seconds = (System.nanoTime() - start) / 1e9;
            long heartbeats = watches.heartbeats() - heartbeatsBefore;
            try {
                awaitTrue(() -> delivered.size() >= WRITES, PATIENCE);
            } catch (AssertionError e) {
                // Lines the server skipped never come: what counts is that nothing was servable meanwhile.
            }
            sampling.set(false);
            sampler.join();
            System.out.printf(
                    "%s with %d load threads: %d lapses (entries dropped for a late heartbeat), %d losses%n",
                    backend, loadThreads, watches.lapses(), watches.losses());
            report(backend, loadThreads, answered, delivered, servableSamples, heartbeats / seconds);
        }
    }

    /**
     * Delays are measured from just before each store (an upper bound: the store lands during its call). A write
     * counts as served stale when {@code servable} was seen true more than the bound after its store was answered
     * (by then it had surely landed) and before it was delivered (or at all, if it never was).
     */
    private static void report(
            String backend,
            int loadThreads,
            Map<String, Long> answered,
            Map<String, Long> delivered,
            List<long[]> samples,
            double beatsPerSecond) {
        List<Long> delays = new ArrayList<>();
        int over = 0;
        int stale = 0;
        for (Map.Entry<String, Long> write : answered.entrySet()) {
            String key = write.getKey();
            long started = Long.parseLong(key.substring(key.lastIndexOf('t') + 1));
            Long arrived = delivered.get(key);
            long delay = arrived == null ? Long.MAX_VALUE : arrived - started;
            if (arrived != null) {
                delays.add(delay);
            }
            if (delay >= BOUND.toNanos()) {
                over++;
                long boundPassed = write.getValue() + BOUND.toNanos();
                synchronized (samples) {
                    for (long[] sample : samples) {
                        if (sample[0] - boundPassed > 0 && (arrived == null || sample[0] - arrived < 0)) {
                            stale++; // servable after the bound, the write not yet delivered
                            break;
                        }
                    }
                }
            }
        }
        Collections.sort(delays);
        System.out.printf(
                "invalidation delay on %s with %d load threads: %d of %d writes delivered, p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms, %d over the %d ms bound, %d served stale; %.1f heartbeats/s%n",
                backend,
                loadThreads,
                delays.size(),
                answered.size(),
                millis(delays.get(delays.size() / 2)),
                millis(delays.get(delays.size() * 99 / 100)),
                millis(delays.get(delays.size() - 1)),
                over,
                BOUND.toMillis(),
                stale,
                beatsPerSecond);
        if (backend.equals("bundled")) {
            assertEquals(0, stale, "writes that could have been served stale beyond the bound");
        }
        // memcached: counted and printed, not asserted. Its logger thread gathers the worker threads' lines one
        // thread after another, so a change logged just before a heartbeat on another worker can come out after
        // it; the 20 ms margin covers what was measured on an idle and a busy machine (up to 12.3 ms), not a
        // memcached starved of CPU by other processes (up to 74 ms measured), which the README states.
    }

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
