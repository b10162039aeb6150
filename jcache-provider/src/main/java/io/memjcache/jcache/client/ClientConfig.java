package io.memjcache.jcache.client;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link MemcachedClient}. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe; no component is null (the server list is copied) except {@code tls} and
 * {@code credentials}, null when off. {@link #toString()} never shows the password.
 *
 * @param servers                 the servers, at least one, no two with the same host and port; their order is
 *                                the order {@link MemcachedClient#servers()} reports
 * @param operationTimeout        the longest one request (or one pipelined batch) may wait for its answer
 * @param connectTimeout          the longest opening a connection may take
 * @param maxConnectionsPerServer pool size per server, at least 1
 * @param borrowTimeout           the longest a caller waits for a free pooled connection
 * @param retryDelay              how long a failed server is skipped before it is tried again (doubles on every
 *                                further failure, up to 16 times this)
 * @param tls                     TLS to every server, or null for plaintext
 * @param credentials             ASCII authentication of every connection, or null for none
 * @param asyncConnections        the asynchronous client's channels per server, at least 1 (each pipelined and
 *                                shared by every caller)
 * @param asyncMaxInFlight        the most commands the asynchronous client has in flight per server, at least 1;
 *                                beyond it a call fails at once
 */
public record ClientConfig(
        List<ServerAddress> servers,
        Duration operationTimeout,
        Duration connectTimeout,
        int maxConnectionsPerServer,
        Duration borrowTimeout,
        Duration retryDelay,
        @Nullable ClientTls tls,
        @Nullable Credentials credentials,
        int asyncConnections,
        int asyncMaxInFlight) {

    /** The asynchronous channels per server unless configured. */
    public static final int DEFAULT_ASYNC_CONNECTIONS = 4;
    /** The asynchronous commands in flight per server unless configured. */
    public static final int DEFAULT_ASYNC_MAX_IN_FLIGHT = 10_000;

    /** Settings without TLS or authentication. */
    public ClientConfig(
            List<ServerAddress> servers,
            Duration operationTimeout,
            Duration connectTimeout,
            int maxConnectionsPerServer,
            Duration borrowTimeout,
            Duration retryDelay) {
        this(
                servers,
                operationTimeout,
                connectTimeout,
                maxConnectionsPerServer,
                borrowTimeout,
                retryDelay,
                null,
                null,
                DEFAULT_ASYNC_CONNECTIONS,
                DEFAULT_ASYNC_MAX_IN_FLIGHT);
    }

    /** @return these settings with TLS and credentials as given (each null for none) */
    public ClientConfig withSecurity(@Nullable ClientTls newTls, @Nullable Credentials newCredentials) {
        return new ClientConfig(
                servers,
                operationTimeout,
                connectTimeout,
                maxConnectionsPerServer,
                borrowTimeout,
                retryDelay,
                newTls,
                newCredentials,
                asyncConnections,
                asyncMaxInFlight);
    }

    /** @return these settings with the asynchronous client's channels per server and in-flight limit as given */
    public ClientConfig withAsync(int connections, int maxInFlight) {
        return new ClientConfig(
                servers,
                operationTimeout,
                connectTimeout,
                maxConnectionsPerServer,
                borrowTimeout,
                retryDelay,
                tls,
                credentials,
                connections,
                maxInFlight);
    }

    /** Validates the settings and copies the server list. */
    public ClientConfig {
        Objects.requireNonNull(servers, "servers");
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one memcached server is required");
        }
        Set<String> seen = new HashSet<>();
        for (ServerAddress server : servers) {
            if (!seen.add(server.toString())) {
                throw new IllegalArgumentException("memcached server " + server + " is listed twice");
            }
        }
        requirePositive("operationTimeout", operationTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("borrowTimeout", borrowTimeout);
        requirePositive("retryDelay", retryDelay);
        if (maxConnectionsPerServer < 1) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerServer must be at least 1, was " + maxConnectionsPerServer);
        }
        if (asyncConnections < 1) {
            throw new IllegalArgumentException("asyncConnections must be at least 1, was " + asyncConnections);
        }
        if (asyncMaxInFlight < 1) {
            throw new IllegalArgumentException("asyncMaxInFlight must be at least 1, was " + asyncMaxInFlight);
        }
    }

    /**
     * @return the defaults for one server on 127.0.0.1:11211: 1 s operation timeout, 1 s connect timeout,
     *         16 connections, 500 ms borrow timeout, 1 s retry delay
     */
    public static ClientConfig defaults() {
        return defaults(List.of(ServerAddress.of("127.0.0.1", ServerAddress.DEFAULT_PORT)));
    }

    /** @return the {@linkplain #defaults() default} settings for the given servers */
    public static ClientConfig defaults(List<ServerAddress> servers) {
        return new ClientConfig(
                servers,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                16,
                Duration.ofMillis(500),
                Duration.ofSeconds(1));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
    }
}
