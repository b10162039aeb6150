package io.memjcache.cdi;

import io.memjcache.cdi.core.InterceptedCall;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;

/**
 * Adapts a Jakarta Interceptors {@link InvocationContext} to the container-neutral {@link InterceptedCall}.
 *
 * <p>Not thread-safe, like the invocation context it wraps. Never {@code null}.
 */
final class JakartaInterceptedCall implements InterceptedCall {

    private final InvocationContext context;

    JakartaInterceptedCall(InvocationContext context) {
        this.context = context;
    }

    @Override
    public Object target() {
        return context.getTarget();
    }

    @Override
    public Method method() {
        return context.getMethod();
    }

    @Override
    public Object[] arguments() {
        return context.getParameters();
    }

    @Override
    public Object proceed() throws Exception {
        return context.proceed();
    }
}
