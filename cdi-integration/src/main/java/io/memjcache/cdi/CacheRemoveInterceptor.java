package io.memjcache.cdi;

import io.memjcache.cdi.core.CacheOperation;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.annotation.CacheRemove;

/**
 * Intercepts methods annotated {@link CacheRemove} (or declared in a class so annotated): removes one entry. Added and enabled by
 * {@link CacheAnnotationsExtension}; applications do not list it anywhere.
 *
 * <p>Thread-safe: it holds only the extension's shared, thread-safe state.
 */
@CacheRemove
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 102)
public class CacheRemoveInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CacheAnnotationsExtension extension;

    /** Created by the container. */
    public CacheRemoveInterceptor() {
        // Dependencies are injected into the field.
    }

    /**
     * @param context the intercepted call
     * @return the method's result, or the cached one
     * @throws Exception what the method throws, unchanged
     */
    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        return extension.interception().intercept(CacheOperation.REMOVE, new JakartaInterceptedCall(context));
    }
}
