package io.memjcache.jcache.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memcached operation failed: the server could not be reached, timed out, is marked down, or answered with an
 * error. Internal: not part of the provider's API.
 *
 * <p>The message always starts with {@code memcached host:port: }, naming the server. Immutable once thrown;
 * {@link #server()} is never null.
 */
public class MemcachedException extends RuntimeException {

    private final ServerAddress server;

    /** Creates an exception about {@code server}; the message is prefixed with the server's name. */
    public MemcachedException(ServerAddress server, @Nullable String message) {
        this(server, message, null);
    }

    /** Creates an exception about {@code server} with a cause (may be null). */
    public MemcachedException(ServerAddress server, @Nullable String message, @Nullable Throwable cause) {
        super("memcached " + Objects.requireNonNull(server, "server") + ": " + message, cause);
        this.server = server;
    }

    /** @return the server the failure concerns */
    public ServerAddress server() {
        return server;
    }
}
