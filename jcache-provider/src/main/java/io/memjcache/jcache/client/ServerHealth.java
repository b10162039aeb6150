package io.memjcache.jcache.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

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
 * <p>Every transition is logged exactly once, however many operations fail or succeed together: a WARNING when
 * the server is marked down (with the cause and the retry delay), an INFO when it is back (with how long it was
 * down). Failed retries while it is down are logged at DEBUG only. Messages are built under the lock and logged
 * after it, so a slow log handler never holds up other operations on the server.
 *
 * <p>Thread-safe. A healthy server costs one volatile read per operation. Arguments must not be {@code null}.
 */
final class ServerHealth {

    private static final System.Logger LOG = System.getLogger(ServerHealth.class.getName());

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
    /** When the current run of failures began (the server was last marked down from healthy). */
    private Instant downSince = Instant.MIN;

    private String lastFailure = "";
    /** Told of each transition from healthy to down, after the lock. */
    private final Consumer<ServerAddress> onDown;

    ServerHealth(ServerAddress server, Duration retryDelay, InstantSource clock) {
        this(server, retryDelay, clock, down -> {});
    }

    /** @param onDown told, on the failing thread and outside the lock, each time the server goes down from healthy */
    ServerHealth(ServerAddress server, Duration retryDelay, InstantSource clock, Consumer<ServerAddress> onDown) {
        this.server = server;
        this.retryDelay = retryDelay;
        this.clock = clock;
        this.onDown = onDown;
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
    void recordFailure(String reason, long outagesAtStart) {
        Level level;
        String message;
        boolean wentDown;
        synchronized (this) {
            if (outages != outagesAtStart) {
                return;
            }
            Instant now = clock.instant();
            outages = outagesAtStart + 1;
            consecutiveFailures++;
            int doublings = Math.min(consecutiveFailures - 1, MAX_DOUBLINGS);
            Duration delay = retryDelay.multipliedBy(1L << doublings);
            downUntil = now.plus(delay);
            lastFailure = reason;
            wentDown = healthy;
            if (healthy) {
                downSince = now;
                level = Level.WARNING;
                message = "memcached " + server + " marked down after " + reason + "; its operations fail at once"
                        + " until it is tried again in " + delay.toMillis() + " ms";
            } else {
                level = Level.DEBUG;
                message = "memcached " + server + " still down after " + reason + " (down for "
                        + Duration.between(downSince, now).toMillis() + " ms); next attempt in "
                        + delay.toMillis() + " ms";
            }
            healthy = false;
        }
        LOG.log(level, message);
        if (wentDown) {
            onDown.accept(server);
        }
    }

    /** Marks the server healthy. */
    void recordSuccess() {
        if (healthy) {
            return;
        }
        long downMillis;
        synchronized (this) {
            if (healthy) {
                return; // another success got here first and logged the recovery
            }
            consecutiveFailures = 0;
            downUntil = Instant.MIN;
            healthy = true;
            downMillis = Duration.between(downSince, clock.instant()).toMillis();
        }
        LOG.log(Level.INFO, "memcached " + server + " is back up after " + downMillis + " ms down");
    }

    /** @return how many times the server was marked down so far */
    long outages() {
        return outages;
    }

    /** @return whether the server is currently skipped */
    synchronized boolean isDown() {
        return !healthy && clock.instant().isBefore(downUntil);
    }
}
