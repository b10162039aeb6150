package io.memjcache.jcache.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Eventual near caches in two and three JVMs (this one and children started with its class path,
 * {@link EventualJvmChild}) on one server: every JVM runs {@link EventualCalls} (three threads of random reads,
 * puts, removes and now and then a clear on 16 hot keys) for 3 seconds, then {@link StalenessCheck} judges every
 * read against every JVM's writes. No read may be staler than the bound plus the margin for lines out of order, and
 * none may miss its own JVM's write; the stale reads are counted and printed, with the near hits, which must be
 * many (else this would prove nothing). On the bundled server and on memcached 1.6.18.
 */
class EventualNearCacheJvmTest {

    /** The default {@code maxStaleness}. */
    static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The margin the README allows for lines out of order beyond the bound. */
    static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final int THREADS = 3;
    private static final long DURATION_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Lets every JVM get its command before the calls start. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @TempDir
    Path logs;

    @ParameterizedTest(name = "{0}, {1} JVMs")
    @CsvSource({"memjcache, 2", "memjcache, 3", "memcached, 2", "memcached, 3"})
    void noReadIsStalerThanTheBoundAndEveryJvmReadsItsOwnWrites(String server, int jvms) throws Exception {
        String namespace = "eventual-race-" + UUID.randomUUID();
        List<EventualChildProcess> children = new ArrayList<>();
        try (ServerUnderTest running = ServerUnderTest.named(server);
                CachingProvider provider = new MemjcacheCachingProvider()) {
            String servers = "127.0.0.1:" + running.port();
            for (int jvm = 1; jvm < jvms; jvm++) {
                children.add(EventualChildProcess.start(servers, namespace, jvm));
            }
            CacheManager manager = EventualCalls.manager(provider, "eventual-race-parent", servers, namespace);
            Cache<String, String> cache = EventualCalls.cache(manager);
            EventualJvmChild.awaitNearHit(cache, manager, "warm-0");
            for (EventualChildProcess child : children) {
                child.awaitReady();
            }
            long seed = System.nanoTime();
            SplittableRandom seeds = new SplittableRandom(seed);
            long start = System.nanoTime() + START_DELAY_NANOS;
            for (int jvm = 1; jvm < jvms; jvm++) {
                children.get(jvm - 1)
                        .send("run " + THREADS + " " + seeds.nextLong() + " " + start + " " + DURATION_NANOS + " "
                                + log(jvm));
            }
            long hitsBefore = EventualCalls.nearCount(manager, "NearHits");
            List<String> lines =
                    new ArrayList<>(EventualCalls.run(cache, 0, THREADS, seeds.nextLong(), start, DURATION_NANOS));
            long hits = EventualCalls.nearCount(manager, "NearHits") - hitsBefore;
            for (int jvm = 1; jvm < jvms; jvm++) {
                hits += Long.parseLong(children.get(jvm - 1).receive());
                lines.addAll(Files.readAllLines(log(jvm)));
            }
            List<StalenessCheck.Call> calls = new ArrayList<>();
            lines.forEach(line -> calls.add(StalenessCheck.Call.decode(line)));
            StalenessCheck.Result result = StalenessCheck.check(calls);
            System.out.println("eventual near caches on " + server + ", " + jvms + " JVMs (seed " + seed + "): "
                    + calls.size() + " calls, " + hits + " near hits; " + result.summary());
            assertEquals(List.of(), result.errors(), "reads of values never written");
            assertEquals(List.of(), result.ownViolations(), "reads that missed their own JVM's write");
            assertTrue(
                    result.maxNanos() <= BOUND_NANOS + MARGIN_NANOS,
                    "a read " + result.maxNanos() / 1e6 + " ms staler than the bound allows");
            assertTrue(hits > result.reads() / 10, "the near caches answered many reads: " + hits + " near hits");
        } finally {
            for (EventualChildProcess child : children) {
                child.close();
            }
        }
    }

    private Path log(int jvm) {
        return logs.resolve("jvm-" + jvm + ".calls");
    }
}
