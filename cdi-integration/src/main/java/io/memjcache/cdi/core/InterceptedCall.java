package io.memjcache.cdi.core;

import java.lang.reflect.Method;

/**
 * One intercepted method call, as seen by the container-neutral caching logic. Each container integration adapts its
 * own interception API (for example {@code jakarta.interceptor.InvocationContext}) to this interface.
 *
 * <p>Not thread-safe: a call belongs to the thread that makes it. No method returns {@code null} except
 * {@link #proceed()}, which returns whatever the intercepted method returned.
 */
public interface InterceptedCall {

    /** @return the bean instance whose method is called */
    Object target();

    /** @return the called method, as declared (never a proxy's method) */
    Method method();

    /** @return the arguments of the call; the array must not be modified */
    Object[] arguments();

    /**
     * Runs the intercepted method (or the next interceptor).
     *
     * @return the method's result
     * @throws Exception whatever the method throws, unchanged
     */
    Object proceed() throws Exception;
}
