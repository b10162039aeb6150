package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import java.time.Duration;
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
}
