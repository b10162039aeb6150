package io.memjcache.jcache.client;

import java.io.IOException;

/**
 * A pooled connection turned out to be closed by the server (typically because the server restarted while the
 * connection sat idle): it failed before any byte of the answer arrived. The request can be retried once on a fresh
 * connection. Immutable once thrown; the message and cause are never {@code null}.
 */
final class StaleConnectionException extends IOException {

    StaleConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
