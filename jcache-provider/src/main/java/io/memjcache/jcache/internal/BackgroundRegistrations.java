package io.memjcache.jcache.internal;

import io.memjcache.jcache.support.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The provider's background registrations of MXBeans that only operators look at, made off the thread that creates
 * a cache manager when the JVM has no MBean server yet (starting the platform MBean server takes about a tenth of a
 * second that an application's first use of a cache need not wait for). One daemon thread runs them in order and
 * ends after 5 idle seconds.
 *
 * <p>{@link #awaitPending(Duration)} lets a reader of those beans (the Micrometer binder) see every manager created
 * before it looked. Thread-safe. Arguments must not be {@code null}.
 */
public final class BackgroundRegistrations {

    /** Not the caller's context: a thread started from application code would keep the application's loader. */
    private static final ExecutorService EXECUTOR = DaemonThreads.outsideCallerContext(() -> new ThreadPoolExecutor(
            0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("memjcache-jmx")));

    private BackgroundRegistrations() {}

    /** Runs {@code registration} on the background thread, after those submitted before it. */
    public static void submit(Runnable registration) {
        EXECUTOR.execute(registration);
    }

    /**
     * Waits until the registrations submitted so far have run.
     *
     * @return false if they had not within {@code timeout}
     */
    public static boolean awaitPending(Duration timeout) {
        try {
            // One thread runs them in order: once this no-op has run, so has everything submitted before it.
            EXECUTOR.submit(() -> {}).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a no-op failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
