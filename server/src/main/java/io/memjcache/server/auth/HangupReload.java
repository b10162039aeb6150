package io.memjcache.server.auth;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * Reads the user files (SASL's {@link PasswordDatabase}, ASCII authentication's {@link AuthFile}) again when the process receives SIGHUP, as an operator expects after editing the
 * file. It uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the only way a Java program can
 * handle a signal, looked up reflectively because the compiler warns about (and this build refuses) any direct use
 * of it. Only for the standalone server process: an embedding application owns its process's signals.
 *
 * <p>Stateless and thread-safe.
 */
public final class HangupReload {

    private HangupReload() {}

    /**
     * Installs the SIGHUP handler, replacing the JVM's (which would shut it down).
     *
     * @param reload what SIGHUP runs (on the JVM's signal thread)
     * @param description what is reloaded, for the handler's {@code toString}
     *
     * @return null if installed, else why it could not be (a runtime without {@code sun.misc.Signal}, or a
     *     platform without SIGHUP); the file is then still read again whenever it changes
     */
    public static @Nullable String install(Runnable reload, String description) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(
                    HangupReload.class.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            reload.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            case "toString" -> "SIGHUP: reload " + description;
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object unusedPrevious = handle.invoke(null, signal, handler);
            return null;
        } catch (InvocationTargetException e) {
            return "SIGHUP cannot be handled here: " + e.getCause();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "SIGHUP cannot be handled here: " + e;
        }
    }
}
