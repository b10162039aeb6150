package io.memjcache.jcache.client;

/**
 * The server answered a request with an error ({@code ERROR}, {@code CLIENT_ERROR ...}, {@code SERVER_ERROR ...})
 * or with something the client did not expect. The server itself is alive; whether the connection can be reused
 * depends on whether the answer was fully read. Immutable once thrown; the message is never {@code null}.
 */
final class ErrorResponseException extends Exception {

    private final boolean connectionReusable;

    ErrorResponseException(String message, boolean connectionReusable) {
        super(message);
        this.connectionReusable = connectionReusable;
    }

    /** @return whether the connection is still in step with the server and may go back to the pool */
    boolean connectionReusable() {
        return connectionReusable;
    }
}
