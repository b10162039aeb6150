package io.memjcache.jcache.support;

import java.io.Closeable;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Closing what a cache's configuration produced: JCache asks the provider to close any loader, writer, expiry
 * policy, listener or filter that implements {@link Closeable} when its cache (or registration) ends. A failing
 * close is logged, not thrown, so that the remaining resources still get closed.
 *
 * <p>Stateless and thread-safe. {@code resource} may be {@code null} (nothing to close); the logger must not be.
 */
public final class ConfiguredResources {

    private ConfiguredResources() {}

    /**
     * Closes {@code resource} if it is {@link Closeable}.
     *
     * @param resource the object a factory of the configuration produced, or {@code null}
     * @param log      where a failed close is reported, as a warning
     */
    public static void closeIfCloseable(@Nullable Object resource, Logger log) {
        if (resource instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                log.log(Level.WARNING, "closing " + resource + " failed", e);
            }
        }
    }
}
