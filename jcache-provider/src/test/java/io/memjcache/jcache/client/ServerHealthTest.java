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
            health.recordFailure("refused");
            assertTrue(health.isDown());
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            MemcachedException e = assertThrows(MemcachedException.class, health::checkAvailable);
            assertTrue(e.getMessage().contains("marked down after refused"), e.getMessage());
            clock.advance(Duration.ofMillis(1));
            assertDoesNotThrow(health::checkAvailable);
        }
        health.recordSuccess();
        health.recordFailure("refused");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(health.isDown(), "after a success the delay starts over");
    }

    @Test
    void concurrentFailuresWhileDownCountOnce() {
        health.recordFailure("timeout");
        health.recordFailure("timeout");
        health.recordFailure("timeout");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(health.isDown());
    }
}
