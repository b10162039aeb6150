package io.memjcache.jcache.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Whether a server may be used: after a connection failure or timeout it is <em>down</em> for the retry delay,
 * and every further failure doubles that delay, up to {@value #MAX_DOUBLINGS} doublings; while down, operations
 * fail at once instead of waiting for timeouts. The first success makes it healthy again.
 *
 * <p>Failures of operations that started before the server was last marked down do not count again, so a burst
 * of concurrent failures counts once, even when the slowest of them ends after the server is back: an operation
 * takes the count of outages from {@link #checkAvailable()} and hands it to {@link #recordFailure}. Time comes from
 * the injected clock.
 *
 * <p>Thread-safe. A healthy server costs one volatile read per operation. Arguments must not be {@code null}.
 */
final class ServerHealth {

    /** The longest down time is the retry delay times 2^4 = 16. */
    static final int MAX_DOUBLINGS = 4;

    private final ServerAddress server;
    private final Duration retryDelay;
    private final InstantSource clock;

    private volatile boolean healthy = true;
    /** How many times the server was marked down; written under the lock. */
    private volatile long outages;
    // Guarded by this.
    private int consecutiveFailures;
    private Instant downUntil = Instant.MIN;
    private String lastFailure = "";

    ServerHealth(ServerAddress server, Duration retryDelay, InstantSource clock) {
        this.server = server;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    /**
     * Checks that the server may be used, at the start of an operation.
     *
     * @return the count of outages so far, for {@link #recordFailure} should the operation fail
     * @throws MemcachedException if the server is down
     */
    long checkAvailable() {
        long seen = outages;
        if (healthy) {
            return seen;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(downUntil)) {
                throw new MemcachedException(
                        server,
                        "marked down after " + lastFailure + "; next attempt in "
                                + Duration.between(now, downUntil).toMillis() + " ms");
            }
            return outages;
        }
    }

    /**
     * Marks the server down because of {@code reason}, unless it was marked down since the failed operation
     * started: then the failure belongs to that outage.
     *
     * @param outagesAtStart what {@link #checkAvailable()} returned when the operation started
     */
    synchronized void recordFailure(String reason, long outagesAtStart) {
        if (outages != outagesAtStart) {
            return;
        }
        Instant now = clock.instant();
        outages = outagesAtStart + 1;
        consecutiveFailures++;
        int doublings = Math.min(consecutiveFailures - 1, MAX_DOUBLINGS);
        downUntil = now.plus(retryDelay.multipliedBy(1L << doublings));
        lastFailure = reason;
        healthy = false;
    }

    /** Marks the server healthy. */
    void recordSuccess() {
        if (healthy) {
            return;
        }
        synchronized (this) {
            consecutiveFailures = 0;
            downUntil = Instant.MIN;
            healthy = true;
        }
    }

    /** @return whether the server is currently skipped */
    synchronized boolean isDown() {
        return !healthy && clock.instant().isBefore(downUntil);
    }
}
