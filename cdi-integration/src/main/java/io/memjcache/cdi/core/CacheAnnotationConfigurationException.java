package io.memjcache.cdi.core;

import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * A caching annotation that cannot be honoured as written: a resolver factory or key generator that cannot be
 * instantiated, a {@code @CachePut} without exactly one {@code @CacheValue} parameter, two caching annotations on
 * one method. Container integrations report it as a deployment (definition) error.
 *
 * <p>Immutable once thrown; the message is never {@code null}.
 */
public class CacheAnnotationConfigurationException extends CacheException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where (method or class name)
     */
    public CacheAnnotationConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where (method or class name)
     * @param cause   the underlying failure
     */
    public CacheAnnotationConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
