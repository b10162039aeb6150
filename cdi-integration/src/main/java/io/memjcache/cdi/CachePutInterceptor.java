package io.memjcache.cdi;

import io.memjcache.cdi.core.CacheOperation;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.annotation.CachePut;

/**
 * Intercepts methods annotated {@link CachePut} (or declared in a class so annotated): stores the @CacheValue argument. Added and enabled by
 * {@link CacheAnnotationsExtension}; applications do not list it anywhere.
 *
 * <p>Thread-safe: it holds only the extension's shared, thread-safe state.
 */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 101)
public class CachePutInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheAnnotationsExtension extension;

    /** Created by the container. */
    public CachePutInterceptor() {
        // Dependencies are injected into the field.
    }

    /**
     * @param context the intercepted call
     * @return the method's result, or the cached one
     * @throws Exception what the method throws, unchanged
     */
    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        return extension.interception().intercept(CacheOperation.PUT, new JakartaInterceptedCall(context));
    }
}
