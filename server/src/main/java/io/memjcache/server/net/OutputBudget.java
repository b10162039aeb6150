package io.memjcache.server.net;

import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of answers handed to Netty and not yet written to a socket, summed over every connection of one server.
 * Netty copies each of them into direct memory before it is sent, so an unbounded sum ends in
 * {@code OutOfDirectMemoryError}. The bound: while the sum is at or over {@link #limit()} (half of the JVM's maximum
 * direct memory by default), a connection that still has answers waiting stops executing requests, so the sum never
 * exceeds the limit by more than one part of an answer per connection (at most 64 KiB of lines plus one item's
 * value). A connection with nothing waiting goes on, so clients that read their answers are served even while
 * others hoard. Each connection is also held to its own output limit (the channel's write-buffer high water mark).
 * Connections that stopped for the budget are woken, on their own event loop, once written bytes bring the sum back
 * under the limit or their own answers have all been written.
 *
 * <p>Thread-safe; no method accepts {@code null}.
 *
 * <p>Internal, not API.
 */
public final class OutputBudget {

    private final long limit;
    private final AtomicLong queued = new AtomicLong();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    OutputBudget(long limit) {
        this.limit = limit;
    }

    /** @return the default budget: half of the direct memory the JVM (and Netty) may allocate */
    public static long defaultLimit() {
        return Math.max(1024 * 1024, PlatformDependent.maxDirectMemory() / 2);
    }

    long limit() {
        return limit;
    }

    /** @return the bytes queued for output now, over all connections */
    public long queued() {
        return queued.get();
    }

    public boolean exhausted() {
        return queued.get() >= limit;
    }

    /** Counts bytes handed to the channel; they come back through {@link #release(long)} once written or dropped. */
    void add(long bytes) {
        queued.addAndGet(bytes);
    }

    void release(long bytes) {
        if (queued.addAndGet(-bytes) < limit) {
            wake();
        }
    }

    /**
     * Runs {@code resume} once the budget has room again (at once if it already has). {@code resume} must only
     * schedule work on the waiting connection's own thread: it may run on any thread.
     */
    void await(Runnable resume) {
        waiting.add(resume);
        if (!exhausted()) {
            wake();
        }
    }

    private void wake() {
        for (Runnable r = waiting.poll(); r != null; r = waiting.poll()) {
            r.run();
        }
    }
}
