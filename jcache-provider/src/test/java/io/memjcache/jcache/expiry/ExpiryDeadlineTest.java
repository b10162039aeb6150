package io.memjcache.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.store.StoredEntry;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

class ExpiryDeadlineTest {

    private static final long NOW = 1_000_000L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(NOW));

    private static ExpiryPolicy policy(Duration creation, Duration access, Duration update) {
        return new ExpiryPolicy() {
            @Override
            public Duration getExpiryForCreation() {
                return creation;
            }

            @Override
            public Duration getExpiryForAccess() {
                return access;
            }

            @Override
            public Duration getExpiryForUpdate() {
                return update;
            }
        };
    }

    @Test
    void durationsBecomeDeadlinesFromNow() {
        ExpiryDeadline deadline = new ExpiryDeadline(
                policy(new Duration(TimeUnit.MILLISECONDS, 20), Duration.ZERO, Duration.ETERNAL), CLOCK);
        assertEquals(NOW, deadline.now());
        assertEquals(NOW + 20, deadline.onCreation(NOW));
        assertEquals(NOW, deadline.onAccess(NOW, NOW + 500), "zero: expired at once");
        assertEquals(StoredEntry.ETERNAL, deadline.onUpdate(NOW, NOW + 500));
    }

    @Test
    void onlyJcachesOwnPoliciesWithoutAccessExpiryAreKnownToKeepTheDeadline() {
        Duration minute = new Duration(TimeUnit.MINUTES, 1);
        assertTrue(new ExpiryDeadline(new EternalExpiryPolicy(), CLOCK).accessKeepsDeadline());
        assertTrue(new ExpiryDeadline(new CreatedExpiryPolicy(minute), CLOCK).accessKeepsDeadline());
        assertTrue(new ExpiryDeadline(new ModifiedExpiryPolicy(minute), CLOCK).accessKeepsDeadline());
        assertFalse(new ExpiryDeadline(new AccessedExpiryPolicy(minute), CLOCK).accessKeepsDeadline());
        assertFalse(new ExpiryDeadline(new TouchedExpiryPolicy(minute), CLOCK).accessKeepsDeadline());
        assertFalse(
                new ExpiryDeadline(policy(null, null, null), CLOCK).accessKeepsDeadline(),
                "the application's own policy is asked at each read, even one answering null");
    }

    @Test
    void nullLeavesTheDeadlineUnchangedAndCreationEternal() {
        ExpiryDeadline deadline = new ExpiryDeadline(policy(null, null, null), CLOCK);
        assertEquals(StoredEntry.ETERNAL, deadline.onCreation(NOW));
        assertEquals(NOW + 7, deadline.onAccess(NOW, NOW + 7));
        assertEquals(NOW + 7, deadline.onUpdate(NOW, NOW + 7));
    }

    @Test
    void aThrowingPolicyIsIgnored() {
        ExpiryPolicy throwing = new ExpiryPolicy() {
            @Override
            public Duration getExpiryForCreation() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Duration getExpiryForAccess() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Duration getExpiryForUpdate() {
                throw new IllegalStateException("boom");
            }
        };
        ExpiryDeadline deadline = new ExpiryDeadline(throwing, CLOCK);
        assertEquals(StoredEntry.ETERNAL, deadline.onCreation(NOW));
        assertEquals(NOW + 3, deadline.onAccess(NOW, NOW + 3));
        assertEquals(NOW + 3, deadline.onUpdate(NOW, NOW + 3));
    }

    @Test
    void hugeDurationsSaturateBelowEternal() {
        ExpiryDeadline deadline =
                new ExpiryDeadline(policy(new Duration(TimeUnit.DAYS, Long.MAX_VALUE / 2), null, null), CLOCK);
        assertEquals(StoredEntry.ETERNAL - 1, deadline.onCreation(NOW));
    }
}
