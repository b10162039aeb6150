package io.memjcache.jcache.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the provider's own threads: daemon threads whose context class loader is the provider's class loader, not
 * the one of whichever application thread happened to start them. A thread is a garbage-collection root, so a
 * thread that outlives an application (a client's thread, the embedded server's) would otherwise keep that
 * application's class loader reachable.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; results are never {@code null}.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** @return a factory of daemon threads named {@code <name>-1}, {@code <name>-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(providerLoader());
            return thread;
        };
    }

    /** @return the class loader the provider's threads run with */
    public static ClassLoader providerLoader() {
        return DaemonThreads.class.getClassLoader();
    }
}
