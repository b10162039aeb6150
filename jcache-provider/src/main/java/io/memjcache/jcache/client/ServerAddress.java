package io.memjcache.jcache.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memcached server and its ketama weight. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe; no component is null. {@link #toString()} is {@code host:port}, the form used in
 * every error message.
 *
 * @param host   host name or IP literal, exactly as configured (it is part of the ketama point keys, so
 *               {@code localhost} and {@code 127.0.0.1} place keys differently, as in libmemcached)
 * @param port   TCP port, 1 to 65535
 * @param weight ketama weight, at least 1
 */
public record ServerAddress(String host, int port, int weight) {

    /** memcached's default port; ketama point keys leave it out, as libmemcached does. */
    public static final int DEFAULT_PORT = 11211;

    /** Validates the components. */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("invalid memcached host '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid memcached port " + port + " for host " + host);
        }
        if (weight < 1) {
            throw new IllegalArgumentException(
                    "memcached server weight must be at least 1, was " + weight + " for " + host + ":" + port);
        }
    }

    /** @return the server at {@code host:port} with weight 1 */
    public static ServerAddress of(String host, int port) {
        return new ServerAddress(host, port, 1);
    }

    // equals and hashCode are written out rather than generated: a record's generated ones are linked through
    // invokedynamic on first use, which costs the embedded default's first operation (it looks its server up in a
    // list) about 15 ms of method-handle setup.
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ServerAddress that
                && port == that.port
                && weight == that.weight
                && host.equals(that.host);
    }

    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + port) * 31 + weight;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
