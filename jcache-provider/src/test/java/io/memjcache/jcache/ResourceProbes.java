package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for resources to be released: polls a condition with a deadline, asking for garbage collection between
 * attempts (collection and the cleanup it triggers run on other threads, so there is nothing to sleep for).
 * Stateless and thread-safe; arguments must not be {@code null}.
 */
final class ResourceProbes {

    /** Collection and cleaners are slow when the machine is busy; a leak never clears, so a long bound costs nothing. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private ResourceProbes() {}

    /** Fails unless {@code reference} is cleared before the deadline. */
    static void awaitCleared(WeakReference<?> reference, String what) {
        awaitGarbageCollected(() -> reference.get() == null, () -> what + " is still reachable after " + DEADLINE);
    }

    /** Fails unless {@code condition} holds before the deadline, collecting garbage between attempts. */
    static void awaitGarbageCollected(BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(failure.get());
            }
            System.gc();
            Thread.onSpinWait();
        }
    }
}
