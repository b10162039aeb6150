package io.memjcache.jcache.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens the blocking connections ({@link MetaConnection}): connect, TLS handshake and authentication, all bounded
 * by the connect timeout.
 *
 * <p>Stateless and thread-safe. Arguments must not be null unless marked {@code @Nullable}; nothing returns null.
 */
final class MetaConnector {

    private MetaConnector() {}

    /**
     * Connects to {@code server}, then sets up TLS and authenticates when configured, all within
     * {@code connectTimeout}: the deadline watch closes the socket of a connect, a handshake or an authentication
     * that outlives it.
     *
     * @param tls         TLS settings, or null for plaintext
     * @param credentials ASCII authentication, or null for none
     * @param watch       closes the socket of a connect or exchange that outlives its deadline
     * @param roundTrips  counts every {@link MetaConnection#flush()}, that is every write the server must answer
     * @throws AuthenticationException if the server refuses the credentials
     */
    static MetaConnection open(
            ServerAddress server,
            Duration connectTimeout,
            Duration operationTimeout,
            @Nullable ClientTls tls,
            @Nullable Credentials credentials,
            DeadlineWatch watch,
            LongAdder roundTrips)
            throws IOException {
        Socket socket = new Socket();
        DeadlineWatch.Guard guard = watch.guard(socket);
        try {
            socket.setTcpNoDelay(true); // requests are written whole; Nagle would only delay them
            socket.setKeepAlive(true);
            // No timeout argument: a timed connect would leave the socket in non-blocking mode; the guard times it.
            long deadline = System.nanoTime() + connectTimeout.toNanos();
            guard.arm(deadline);
            IOException failure = null;
            MetaConnection connection = null;
            try {
                socket.connect(new InetSocketAddress(server.host(), server.port()));
                Socket layered = tls == null ? socket : handshake(tls, socket, server);
                connection = new MetaConnection(server, socket, layered, guard, operationTimeout, roundTrips);
                if (credentials != null) {
                    connection.authenticate(credentials, deadline);
                }
            } catch (IOException e) {
                failure = e;
            }
            if (guard.disarm()) { // closed at the deadline: whatever the connect threw, it timed out
                throw ConnectionFailures.connectTimedOut(connectTimeout, tls != null, credentials != null);
            }
            if (failure != null) {
                throw failure;
            }
            return Objects.requireNonNull(connection);
        } catch (IOException | RuntimeException e) {
            guard.close();
            MetaConnection.closeQuietly(socket);
            throw e;
        }
    }

    /** Runs the TLS handshake on the connected socket (the caller's guard bounds it). */
    private static Socket handshake(ClientTls tls, Socket socket, ServerAddress server) throws IOException {
        SSLSocket ssl = tls.wrap(socket, server);
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            throw ConnectionFailures.handshakeFailed(e);
        }
        return ssl;
    }
}
