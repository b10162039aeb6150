package io.memjcache.cdi;

import io.memjcache.cdi.core.CacheOperation;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.annotation.CacheResult;

/**
 * Intercepts methods annotated {@link CacheResult} (or declared in a class so annotated): returns cached results. Added and enabled by
 * {@link CacheAnnotationsExtension}; applications do not list it anywhere.
 *
 * <p>Thread-safe: it holds only the extension's shared, thread-safe state.
 */
@CacheResult
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CacheResultInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheAnnotationsExtension extension;

    /** Created by the container. */
    public CacheResultInterceptor() {
        // Dependencies are injected into the field.
    }

    /**
     * @param context the intercepted call
     * @return the method's result, or the cached one
     * @throws Exception what the method throws, unchanged
     */
    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        return extension.interception().intercept(CacheOperation.RESULT, new JakartaInterceptedCall(context));
    }
}
