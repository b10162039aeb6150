package io.memjcache.server.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, so that expiry can be tested without waiting: hand it to the
 * server as {@code ServerConfig.builder().clock(clock)} (or to anything else that reads an {@link InstantSource}).
 *
 * <p>Thread-safe: the server's threads read it while the test thread advances it. No method accepts or returns
 * {@code null}.
 */
public final class MutableClock implements InstantSource {

    /** A fixed, whole-second starting point, well after 30 days past the epoch (absolute exptimes need that). */
    public static final Instant DEFAULT_START = Instant.parse("2024-03-01T12:00:00Z");

    private final AtomicLong millis;

    /** Starts at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public void advance(Duration amount) {
        millis.addAndGet(amount.toMillis());
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** @return the current time as a Unix second, as the server's store sees it */
    public long epochSecond() {
        return Math.floorDiv(millis.get(), 1000L);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
