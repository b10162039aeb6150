package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Ends blocking socket calls that outlive their deadline by closing the socket, from one daemon thread per client.
 *
 * <p>Why not {@code SO_TIMEOUT}: a socket read with a timeout makes the JDK switch the socket to non-blocking mode
 * for good, after which every read is a failed {@code read}, a {@code poll} and a second {@code read}, three system
 * calls instead of one blocking {@code read}. With the connection's reads and writes mostly waiting on the
 * network, those calls were a third of the client's CPU time. And {@code SO_TIMEOUT} never covered writes.
 *
 * <p>So the sockets stay blocking, even while connecting, and a {@link Guard} per socket holds the deadline of its
 * current connect or exchange: setting and clearing it are a volatile write each. The watch thread sleeps until the
 * earliest deadline it knows of, then closes the sockets whose deadline has passed, which ends their blocked calls
 * with an exception; the guard then says it {@linkplain Guard#fired() fired}, so the caller reports a timeout. An
 * exchange started later than the watch's last look has a later deadline than any it knew of, unless its timeout is
 * shorter, in which case arming it wakes the watch. Busy or idle, the thread wakes about once per timeout.
 *
 * <p>Thread-safe. Nothing returns {@code null}.
 */
final class DeadlineWatch implements AutoCloseable {

    /** The deadline of a guard with no blocking call to watch. */
    private static final long IDLE = Long.MIN_VALUE;
    /** The deadline of a guard that fired: its socket is closed. */
    private static final long FIRED = Long.MIN_VALUE + 1;
    /** How long the watch sleeps when it watches nothing (any arming of a shorter deadline wakes it). */
    private static final long IDLE_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private final String threadName;
    private final Object startLock = new Object();
    private volatile @Nullable Thread thread;
    /** When the watch thread will look next, at the latest; arming an earlier deadline wakes it. */
    private volatile long nextLook = System.nanoTime() + IDLE_SLEEP_NANOS;

    private volatile boolean closed;

    /** @param threadName the name of the watch thread, started with the first guard */
    DeadlineWatch(String threadName) {
        this.threadName = threadName;
    }

    /** @return a guard for {@code socket}, watched until it is {@linkplain Guard#close() closed} */
    Guard guard(Socket socket) {
        Guard guard = new Guard(socket);
        guards.add(guard);
        startIfNeeded();
        return guard;
    }

    private void startIfNeeded() {
        if (thread != null) {
            return;
        }
        synchronized (startLock) {
            if (thread == null && !closed) {
                Thread started = DaemonThreads.named(threadName).newThread(this::watch);
                thread = started;
                started.start();
            }
        }
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            long next = now + IDLE_SLEEP_NANOS;
            nextLook = next; // arming a deadline before this wakes the thread, even one armed during the scan
            for (Guard guard : guards) {
                long deadline = guard.deadline.get();
                if (deadline == IDLE || deadline == FIRED) {
                    continue;
                }
                if (deadline - now <= 0) {
                    guard.fire(deadline);
                } else if (deadline - next < 0) {
                    next = deadline;
                }
            }
            nextLook = next; // only ever earlier than the value set before the scan
            LockSupport.parkNanos(this, next - now);
        }
    }

    private void wake(long deadline) {
        if (deadline - nextLook < 0) {
            Thread watcher = thread;
            if (watcher != null) {
                LockSupport.unpark(watcher);
            }
        }
    }

    /** Stops the watch thread; guards made afterwards are not watched. */
    @Override
    public void close() {
        closed = true;
        Thread watcher = thread;
        if (watcher != null) {
            LockSupport.unpark(watcher);
        }
    }

    /**
     * The deadline of one socket's current blocking call. One thread (the socket's user) arms and disarms it; the
     * watch thread may fire it in between.
     */
    final class Guard implements AutoCloseable {

        private final Socket socket;
        private final AtomicLong deadline = new AtomicLong(IDLE);

        private Guard(Socket socket) {
            this.socket = socket;
        }

        /** Closes the socket at {@code deadlineNanos} (a {@link System#nanoTime()} value) unless disarmed first. */
        void arm(long deadlineNanos) {
            long current = deadline.get();
            // Only this thread moves the deadline away from IDLE or a deadline; the watch only moves it to FIRED.
            if (current != FIRED && deadline.compareAndSet(current, deadlineNanos)) {
                wake(deadlineNanos);
            }
        }

        /**
         * No call to watch any more.
         *
         * @return whether the guard fired before (the socket is closed)
         */
        boolean disarm() {
            long current = deadline.get();
            return current == FIRED || !deadline.compareAndSet(current, IDLE);
        }

        /** @return whether the deadline passed and the socket was closed */
        boolean fired() {
            return deadline.get() == FIRED;
        }

        private void fire(long expected) {
            if (deadline.compareAndSet(expected, FIRED)) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The socket is being discarded; a failed close leaves nothing to do.
                }
            }
        }

        /** Stops watching the socket (it is closed or about to be). */
        @Override
        public void close() {
            guards.remove(this);
        }
    }
}
