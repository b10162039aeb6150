package io.memjcache.jcache.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memcached operation failed: the server could not be reached, timed out, is marked down, or answered with an
 * error. Internal: not part of the provider's API.
 *
 * <p>The message names the server: it starts with {@code memcached host:port: }, or, for a server that is the wrong
 * kind ({@link #namedIn}), is a sentence about {@code host:port}. Immutable once thrown; {@link #server()} is never
 * null.
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

    /** @param sentence the whole message, which names the server itself: not prefixed */
    private MemcachedException(String sentence, ServerAddress server) {
        super(sentence);
        this.server = server;
    }

    /**
     * @param sentence a message that names the server itself, such as
     *     {@code 127.0.0.1:6379 does not speak the memcached protocol: ...}
     * @return an exception about {@code server} with that message as is
     */
    static MemcachedException namedIn(ServerAddress server, String sentence) {
        return new MemcachedException(sentence, Objects.requireNonNull(server, "server"));
    }

    /** @return the server the failure concerns */
    public ServerAddress server() {
        return server;
    }
}
