package io.memjcache.jcache.client;

import org.jspecify.annotations.Nullable;

/**
 * The server answered a request with an error ({@code ERROR}, {@code CLIENT_ERROR ...}, {@code SERVER_ERROR ...})
 * or with something the client did not expect. The server itself is alive; whether the connection can be reused
 * depends on whether the answer was fully read. It keeps the server's answer line, when there was one, and the
 * largest data block of the failed request(s), so that the server's pool can tell what the answer means (a server
 * that is not memcached 1.6, a value over the item size limit). Immutable once thrown; the message is never
 * {@code null}; the answer is {@code null} when the failure is not about one answer line.
 */
final class ErrorResponseException extends Exception {

    private final boolean connectionReusable;
    private final @Nullable String answer;
    private final int payloadSize;

    ErrorResponseException(String message, boolean connectionReusable) {
        this(message, connectionReusable, null, 0);
    }

    /**
     * @param answer the line the server answered with, without its line end
     * @param payloadSize the largest data block of the request(s) the answer failed, in bytes (0 for none)
     */
    ErrorResponseException(String message, boolean connectionReusable, @Nullable String answer, int payloadSize) {
        super(message);
        this.connectionReusable = connectionReusable;
        this.answer = answer;
        this.payloadSize = payloadSize;
    }

    /** @return the line the server answered with, or {@code null} if the failure is not about one answer */
    @Nullable
    String answer() {
        return answer;
    }

    /** @return the largest data block of the failed request(s), in bytes; 0 for none */
    int payloadSize() {
        return payloadSize;
    }

    /** @return whether the connection is still in step with the server and may go back to the pool */
    boolean connectionReusable() {
        return connectionReusable;
    }
}
