package io.memjcache.jcache.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection turned out to be closed by the server (typically because the server restarted while the
 * connection sat idle): it failed before any byte of the answer arrived. The request can be retried once on a fresh
 * connection. Immutable once thrown; the message and cause are never {@code null}.
 */
final class StaleConnectionException extends IOException {

    StaleConnectionException(@Nullable String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
