package io.memjcache.jcache.support;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes the provider's own threads: daemon threads whose context class loader is the provider's class loader, not
 * the one of whichever application thread happened to start them. A thread is a garbage-collection root, so a
 * thread that outlives an application (a client's thread, the embedded server's) would otherwise keep that
 * application's class loader reachable.
 *
 * <p>Threads are also created {@linkplain #outsideCallerContext outside the caller's access control context}: on
 * Java 17 a new thread keeps the protection domains of the classes on its creator's stack, which refer to their class
 * loaders, so a thread started while application code is on the stack would keep that application's loader
 * reachable as long as it runs, whatever its context class loader.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; results are never {@code null}.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** @return a factory of daemon threads named {@code <name>-1}, {@code <name>-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> outsideCallerContext(() -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(providerLoader());
            return thread;
        });
    }

    /**
     * Runs {@code action}, which may start threads directly or through a library (the embedded server, the
     * connection pools' shared evictor), so that those threads do not inherit the access control context of the
     * calling application's code.
     *
     * @return what {@code action} returns
     */
    @SuppressWarnings("removal") // deprecated with the security manager, yet Java 17 threads still inherit the context
    public static <T> T outsideCallerContext(Supplier<T> action) {
        return AccessController.doPrivileged((PrivilegedAction<T>) action::get);
    }

    /** @return the class loader the provider's threads run with */
    public static ClassLoader providerLoader() {
        return DaemonThreads.class.getClassLoader();
    }
}
