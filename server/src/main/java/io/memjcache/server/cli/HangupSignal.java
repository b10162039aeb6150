package io.memjcache.server.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action when the process gets SIGHUP, instead of the JVM's default (stopping), as memcached does. It uses
 * the JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection, so that the build, which
 * treats warnings as errors, does not refer to it by name. Internal, not API. Thread-safe.
 */
final class HangupSignal {

    private HangupSignal() {}

    /**
     * Makes {@code action} the process's SIGHUP handler; it runs on the JVM's signal thread.
     *
     * @return false if signals cannot be handled here (a JVM run with {@code -Xrs}, or without the API)
     */
    static boolean onHangup(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hangup = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(
                    HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        return switch (method.getName()) {
                            case "handle" -> {
                                action.run();
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "HangupSignal handler";
                        };
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handle.invoke(null, hangup, handler);
            return true;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return false; // the JVM keeps the signal for itself (-Xrs)
            }
            throw new IllegalStateException("could not install the SIGHUP handler", e.getCause());
        } catch (ReflectiveOperationException e) {
            return false; // no such API in this JVM
        }
    }
}
