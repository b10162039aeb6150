package io.memjcache.server;

import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.auth.PasswordDatabase;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.net.ServerRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A running memcached-compatible server: text, meta and binary protocols over TCP (binary with optional SASL),
 * with memcached 1.6's semantics.
 *
 * <p>Start one with {@link #start(ServerConfig)}; it is bound and accepting connections when that method returns.
 * {@link #close()} stops it: it closes the listening socket and every client connection and releases the threads.
 *
 * <pre>{@code
 * try (MemcachedServer server = MemcachedServer.start(ServerConfig.builder().port(0).build())) {
 *     InetSocketAddress where = server.address();   // 127.0.0.1 and the ephemeral port it bound
 * }
 * }</pre>
 *
 * <p>Thread-safe. No method accepts or returns {@code null}.
 */
public final class MemcachedServer implements AutoCloseable {

    private final ServerConfig config;
    private final ServerRuntime runtime;

    private MemcachedServer(ServerConfig config, ServerRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    /**
     * Starts a server and waits until it listens.
     *
     * @param config what to bind and the limits to enforce
     * @return the running server
     * @throws IOException if the address cannot be bound (for example, the port is taken)
     */
    public static MemcachedServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        return new MemcachedServer(config, ServerRuntime.start(config));
    }

    /** @return the address the server is bound to (with the real port when the configured one was 0) */
    public InetSocketAddress address() {
        return runtime.boundAddress();
    }

    /**
     * @return the addresses of every listener, in the order of {@link ServerConfig#listeners()}: the main one
     *     first, as {@link #address()}
     */
    public List<InetSocketAddress> addresses() {
        return runtime.boundAddresses();
    }

    /**
     * Reads the user file of ASCII authentication again ({@code -Y}), as memcached does on SIGHUP: connections
     * authenticate against the new users from then on; those already authenticated stay so. If the file cannot
     * be read or is malformed, the users stay as they were (and, with {@code -v}, the reason is logged).
     *
     * @return whether the file was read; false also when the server has no user file
     */
    public boolean reloadAuthFile() {
        AuthFile auth = runtime.context().auth();
        if (auth == null) {
            return false;
        }
        try {
            auth.reload();
            return true;
        } catch (IOException e) {
            runtime.context().logEvent("Could not reload authfile: " + e.getMessage());
            return false;
        }
    }

    /** @return the TCP port the server is bound to */
    public int port() {
        return address().getPort();
    }

    /** @return the UDP address the server answers on, or null when UDP is off ({@code -U 0}, the default) */
    public @Nullable InetSocketAddress udpAddress() {
        return runtime.boundUdpAddress();
    }

    /** @return the configuration the server was started with */
    public ServerConfig config() {
        return config;
    }

    /** @return whether the server still accepts connections */
    public boolean isRunning() {
        return runtime.isRunning();
    }

    /**
     * Blocks until the server has stopped, whether by {@link #close()}, by the {@code shutdown} command or by a
     * fatal error.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        runtime.awaitTermination();
    }

    /**
     * Reads the SASL users' file again now (the server also does whenever the file changes); the standalone server
     * calls it on SIGHUP. Does nothing when SASL is off.
     */
    public void reloadSaslUsers() {
        PasswordDatabase users = runtime.context().saslUsers;
        if (users != null) {
            users.reload();
        }
    }

    /** Stops the server and waits for its threads to finish. Calling it again does nothing. */
    @Override
    public void close() {
        runtime.stop();
    }

    /** The shared state of the running server, for tests in this package. */
    ServerContext context() {
        return runtime.context();
    }

    @Override
    public String toString() {
        return "MemcachedServer[" + (isRunning() ? address() : "stopped") + "]";
    }
}
