package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.support.LogCapture;
import io.memjcache.server.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The backoff of failed servers, on a hand-moved clock. */
class ServerHealthTest {

    private final MutableClock clock = new MutableClock();
    private final ServerHealth health = new ServerHealth(ServerAddress.of("h", 1), Duration.ofSeconds(1), clock);

    @Test
    void downTimeDoublesUpToSixteenTimesTheRetryDelayAndResetsOnSuccess() {
        long[] expectedSeconds = {1, 2, 4, 8, 16, 16};
        for (long seconds : expectedSeconds) {
            health.recordFailure("refused", health.checkAvailable());
            assertTrue(health.isDown());
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            MemcachedException e = assertThrows(MemcachedException.class, health::checkAvailable);
            assertTrue(e.getMessage().contains("marked down after refused"), e.getMessage());
            clock.advance(Duration.ofMillis(1));
            assertDoesNotThrow(health::checkAvailable);
        }
        health.recordSuccess();
        health.recordFailure("refused", health.checkAvailable());
        clock.advance(Duration.ofSeconds(1));
        assertFalse(health.isDown(), "after a success the delay starts over");
    }

    @Test
    void concurrentFailuresWhileDownCountOnce() {
        long outages = health.checkAvailable();
        health.recordFailure("timeout", outages);
        health.recordFailure("timeout", outages);
        health.recordFailure("timeout", outages);
        clock.advance(Duration.ofSeconds(1));
        assertFalse(health.isDown());
    }

    @Test
    void aFailureOfAnOperationStartedBeforeTheOutageEndsDoesNotCountWhenTheServerIsBack() {
        long slowStarted = health.checkAvailable();
        health.recordFailure("connection reset", health.checkAvailable());
        clock.advance(Duration.ofSeconds(1));
        health.recordSuccess(); // back
        health.recordFailure("connection reset", slowStarted); // the slow operation's failure, from the outage
        assertFalse(health.isDown(), "a straggler of the outage marked the server down again");
        assertDoesNotThrow(health::checkAvailable);
        health.recordFailure("refused", health.checkAvailable());
        assertTrue(health.isDown(), "a new failure still counts");
    }

    @Test
    void aBurstOfFailuresLogsOneWarningAndABurstOfSuccessesOneRecovery() throws Exception {
        int threads = 8;
        int rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LogCapture log = LogCapture.provider()) {
            for (int round = 0; round < rounds; round++) {
                long outages = health.checkAvailable();
                runTogether(pool, threads, () -> health.recordFailure("timed out after 1000 ms", outages));
                clock.advance(Duration.ofSeconds(1));
                runTogether(pool, threads, health::recordSuccess);
                List<String> warnings = log.messages(Level.WARNING);
                List<String> recoveries = log.messages(Level.INFO);
                assertEquals(1, warnings.size(), "round " + round + ": " + warnings);
                assertEquals(1, recoveries.size(), "round " + round + ": " + recoveries);
                assertEquals(
                        "memcached h:1 marked down after timed out after 1000 ms; its operations fail at once until"
                                + " it is tried again in 1000 ms",
                        warnings.get(0));
                assertEquals("memcached h:1 is back up after 1000 ms down", recoveries.get(0));
                log.clear();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failedRetriesWhileDownAreNotWarnedAgainAndTheRecoveryCountsTheWholeOutage() {
        try (LogCapture log = LogCapture.provider()) {
            health.recordFailure("cannot connect: refused", health.checkAvailable());
            clock.advance(Duration.ofSeconds(1));
            health.recordFailure("cannot connect: refused", health.checkAvailable()); // the retry fails
            clock.advance(Duration.ofSeconds(2));
            health.recordSuccess();

            assertEquals(
                    1,
                    log.messages(Level.WARNING).size(),
                    log.messages(Level.WARNING).toString());
            assertEquals(
                    List.of("memcached h:1 still down after cannot connect: refused (down for 1000 ms); next attempt"
                            + " in 2000 ms"),
                    log.messages(Level.FINE));
            assertEquals(List.of("memcached h:1 is back up after 3000 ms down"), log.messages(Level.INFO));
        }
    }

    @Test
    void theDownListenerIsToldOncePerOutageWhateverFailsTogether() throws Exception {
        AtomicInteger told = new AtomicInteger();
        ServerAddress server = ServerAddress.of("h", 1);
        ServerHealth watched = new ServerHealth(server, Duration.ofSeconds(1), clock, down -> {
            assertEquals(server, down);
            told.incrementAndGet();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 1; round <= 50; round++) {
                long outages = watched.checkAvailable();
                runTogether(pool, 8, () -> watched.recordFailure("timeout", outages));
                assertEquals(round, told.get(), "one call per outage");
                clock.advance(Duration.ofSeconds(20));
                watched.recordFailure("refused again", watched.checkAvailable()); // a failed retry: same outage
                assertEquals(round, told.get(), "a failed retry is not a new outage");
                clock.advance(Duration.ofSeconds(20));
                watched.checkAvailable();
                watched.recordSuccess();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code action} on {@code threads} threads released at the same moment, and waits for all. */
    private static void runTogether(ExecutorService pool, int threads, Runnable action) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            done.add(pool.submit(() -> {
                start.await();
                action.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
    }
}
