package io.memjcache.jcache.client;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The failures a connection to a server reports while it is set up or waits for an answer, worded the same for
 * the blocking connections ({@link MetaConnection}) and the asynchronous channels ({@link AsyncChannel}), so a
 * server that cannot serve is explained alike on both paths.
 *
 * <p>Stateless and thread-safe. Arguments must not be null; only {@link #authenticationRefused} returns null (when
 * the server accepted the credentials).
 */
final class ConnectionFailures {

    private ConnectionFailures() {}

    /** @return the failure of a connect (with TLS and authentication as given) that outlived its deadline */
    static SocketTimeoutException connectTimedOut(Duration connectTimeout, boolean tls, boolean authenticated) {
        return new SocketTimeoutException("connect timed out after " + connectTimeout.toMillis() + " ms"
                + (tls ? " (including the TLS handshake)" : "")
                + (authenticated ? " (including authentication)" : ""));
    }

    /** @return the failure of a TLS handshake that failed with {@code e}, explained */
    static SSLException handshakeFailed(SSLException e) {
        String message = String.valueOf(e.getMessage());
        // What the JDK says when the first bytes back are not a TLS record: plaintext memcached answers ERROR.
        String hint = message.startsWith("Unsupported or unrecognized SSL message")
                ? " (does the server speak TLS on this port?)"
                : "";
        return new SSLException("TLS handshake failed: " + message + hint, e);
    }

    /**
     * @param answer the server's answer to the authentication request
     * @return null if it accepted the credentials, else the failure to report
     */
    static @Nullable IOException authenticationRefused(ServerAddress server, Credentials credentials, String answer) {
        if (answer.startsWith("-") || answer.startsWith("+")) {
            return new IOException(ServerIdentity.unexpected(answer)); // not memcached: say so, not blame the password
        }
        if (!answer.equals("STORED")) {
            return new AuthenticationException("authentication failed on " + server + " for user "
                    + credentials.username() + ": the server answered '"
                    + ServerIdentity.printable(credentials.redact(answer)) + "'; check memjcache.username and "
                    + "memjcache.password (or memjcache.passwordFile) against the server's -Y file");
        }
        return null;
    }

    /**
     * @param tls whether TLS carries the protocol
     * @return why a new connection may lose its first answer: memcached resets a plaintext connection to a TLS
     *     port, the bundled server closes it; with TLS 1.3 a server that requires a client certificate refuses the
     *     connection only after the client's handshake has finished
     */
    static String beforeFirstAnswerHint(boolean tls) {
        return tls
                ? " (before its first answer: if the server requires a client certificate, set "
                        + "memjcache.tls.certFile and memjcache.tls.keyFile)"
                : " (before its first answer: if the server requires TLS, set memjcache.tls=true)";
    }

    /** @return the failure of a request that got no answer within {@code timeoutNanos} */
    static SocketTimeoutException timedOut(long timeoutNanos) {
        return new SocketTimeoutException("timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    /** @return {@code cause}, what an asynchronous channel's pipeline raised, as the I/O failure the client reports */
    static IOException asIoException(Throwable cause) {
        Throwable unwrapped = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (unwrapped instanceof SSLException ssl) {
            return handshakeFailed(ssl);
        }
        if (unwrapped instanceof IOException io) {
            return io;
        }
        return new IOException(unwrapped.getMessage(), unwrapped);
    }

    /** @return what a connection failure of the server says in the client's reports */
    static String describe(IOException e) {
        if (e instanceof IncompatibleServerException) {
            return Objects.requireNonNull(e.getMessage());
        }
        if (e instanceof SocketTimeoutException) {
            return Objects.requireNonNullElse(e.getMessage(), "timed out");
        }
        if (e instanceof ConnectException) {
            return "cannot connect: " + e.getMessage();
        }
        if (e instanceof SSLException) {
            String message = String.valueOf(e.getMessage());
            return message.startsWith("TLS ") ? message : "TLS failure: " + message;
        }
        return "I/O error: " + e;
    }
}
