package io.memjcache.jcache.expiry;

import io.memjcache.jcache.store.StoredEntry;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Turns the answers of a cache's {@link ExpiryPolicy} into entry deadlines (epoch milliseconds of the injected
 * clock). Each method calls the policy exactly once, as the JCache specification counts calls. Following
 * {@link ExpiryPolicy}'s contract, a policy that throws is ignored: creation then falls back to eternal, access
 * and update leave the deadline unchanged; a {@code null} answer means unchanged for access and update.
 *
 * <p>Thread-safe if the policy is. No method returns {@code null}.
 */
public final class ExpiryDeadline {

    /** JCache's own policies whose access expiry is {@code null}: a read never moves an entry's deadline. */
    private static final Set<Class<?>> ACCESS_KEEPS_DEADLINE =
            Set.of(EternalExpiryPolicy.class, CreatedExpiryPolicy.class, ModifiedExpiryPolicy.class);

    private final ExpiryPolicy policy;
    private final InstantSource clock;
    private final boolean accessKeepsDeadline;

    /**
     * @param policy the cache's expiry policy
     * @param clock  the source of "now" for every expiry decision
     */
    public ExpiryDeadline(ExpiryPolicy policy, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accessKeepsDeadline = ACCESS_KEEPS_DEADLINE.contains(policy.getClass());
    }

    /**
     * @return whether a read never moves an entry's deadline, known without asking the policy: it is one of
     *         JCache's own policies (the exact class) that answer {@code null} for access. Any other policy is
     *         application code, asked at each read by {@link #onAccess}.
     */
    public boolean accessKeepsDeadline() {
        return accessKeepsDeadline;
    }

    /** @return the current time in epoch milliseconds, from the injected clock */
    public long now() {
        return clock.millis();
    }

    /** @return the deadline of an entry created at {@code now} */
    public long onCreation(long now) {
        Duration duration = ask(policy::getExpiryForCreation);
        return duration == null ? StoredEntry.ETERNAL : deadline(duration, now);
    }

    /** @return the deadline of an entry read at {@code now} whose deadline was {@code current} */
    public long onAccess(long now, long current) {
        Duration duration = ask(policy::getExpiryForAccess);
        return duration == null ? current : deadline(duration, now);
    }

    /** @return the deadline of an entry updated at {@code now} whose deadline was {@code current} */
    public long onUpdate(long now, long current) {
        Duration duration = ask(policy::getExpiryForUpdate);
        return duration == null ? current : deadline(duration, now);
    }

    /** @return the policy, to close it with the cache */
    public ExpiryPolicy policy() {
        return policy;
    }

    private static @Nullable Duration ask(Supplier<Duration> question) {
        try {
            return question.get();
        } catch (RuntimeException e) {
            // ExpiryPolicy: "Should an exception occur while determining the Duration, an implementation
            // specific default Duration will be used" - unchanged, or eternal on creation.
            return null;
        }
    }

    /** @return the instant {@code duration} after {@code now}; eternal for the eternal duration */
    static long deadline(Duration duration, long now) {
        if (duration.isEternal()) {
            return StoredEntry.ETERNAL;
        }
        if (duration.isZero()) {
            return now;
        }
        long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
        long deadline = now + millis;
        return deadline < now ? StoredEntry.ETERNAL - 1 : Math.min(deadline, StoredEntry.ETERNAL - 1);
    }
}
