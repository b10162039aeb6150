package io.memjcache.jcache.client;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Remembers that a server refused the client's credentials. A wrong password is a configuration error, not an
 * outage: the server answered, so it is not marked down, and retrying at once cannot help. So after a refusal
 * every operation on the server fails at once with the same message, opening no connection, for the hold-off time
 * (the longest backoff of a failed server, 16 retry delays); then new connections try again, which picks up a
 * corrected user file on the server ({@code kill -HUP}) without a restart of the client. At most one burst of
 * connection attempts (one per connection the pool may open) reaches the server per hold-off time.
 *
 * <p>Thread-safe: one volatile read per operation. Arguments must not be {@code null}.
 */
final class RefusedCredentials {

    private final ServerAddress server;
    private final Duration holdOff;
    private final InstantSource clock;
    private volatile @Nullable Refusal refusal;

    RefusedCredentials(ServerAddress server, Duration retryDelay, InstantSource clock) {
        this.server = server;
        this.holdOff = retryDelay.multipliedBy(1L << ServerHealth.MAX_DOUBLINGS);
        this.clock = clock;
    }

    /** @throws MemcachedException if the server refused the credentials less than the hold-off time ago */
    void check() {
        Refusal current = refusal;
        if (current == null) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(current.until())) {
            throw new MemcachedException(
                    server,
                    current.message() + " (no new attempt for "
                            + Duration.between(now, current.until()).toMillis() + " ms)");
        }
    }

    /** Records the refusal; later operations fail fast. @return the failure to throw */
    MemcachedException refused(AuthenticationException e) {
        String message = String.valueOf(e.getMessage());
        refusal = new Refusal(message, clock.instant().plus(holdOff));
        return new MemcachedException(server, message, e);
    }

    private record Refusal(String message, Instant until) {}
}
