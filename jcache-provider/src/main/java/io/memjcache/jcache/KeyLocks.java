package io.memjcache.jcache;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Locks by memcached key, so that the callers of one JVM that change the same entry with a read-decide-write loop
 * take turns instead of failing each other's CAS writes and retrying: under contention every retry costs two more
 * round trips, and with many threads on few keys most attempts would fail. The lock only orders this JVM's callers;
 * correctness never depends on it: the CAS-guarded write still decides, against other JVMs and against a caller that
 * gave up waiting.
 *
 * <p>Blocking callers ({@link #withLock}) and asynchronous ones ({@link #acquire}, then {@link #release}) share the
 * same locks and queue in arrival order: a waiter is a future that the holder's release completes, so an
 * asynchronous caller parks no thread while it waits, and a blocking invoke and an asynchronous one on the same key
 * still take turns. A key has an entry only while a caller holds it: the last release removes it, so memory is
 * bounded by the calls in flight. Keys never share a lock, so asynchronous calls on distinct keys are all in flight
 * at once.
 *
 * <p>A caller waits at most {@link #MAX_WAIT_MILLIS} for its key and then runs unlocked: a lock that is only an
 * optimization must never deadlock (an entry processor invoking the cache on another key held by a caller waiting for
 * this one, or a loader waiting for another thread that invokes the same key). A blocking caller that already holds
 * the key runs at once (re-entry).
 *
 * <p>Thread-safe. Keys and work must not be {@code null}; {@link #withLock} returns what the work returns.
 */
final class KeyLocks {

    /** Longer than any queue of this JVM's callers on one key should take; after it, the CAS alone decides. */
    static final long MAX_WAIT_MILLIS = 1_000;

    /**
     * A held key, changed only inside the map's atomic compute of its key: the blocking thread holding it (none for
     * an asynchronous holder), and its waiters in arrival order, each completed with true when handed the key or
     * with false when it gave up waiting.
     */
    static final class Held {
        private @Nullable Thread owner;
        private final ArrayDeque<CompletableFuture<Boolean>> waiters = new ArrayDeque<>();

        private Held(@Nullable Thread owner) {
            this.owner = owner;
        }
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the lock of {@code memcachedKey}, or without it after waiting too long. */
    <T> T withLock(String memcachedKey, Supplier<T> work) {
        Thread me = Thread.currentThread();
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        AtomicBoolean reentered = new AtomicBoolean();
        held.compute(memcachedKey, (key, holder) -> {
            if (holder == null) {
                waiter.complete(true);
                return new Held(me);
            }
            if (holder.owner == me) {
                reentered.set(true);
            } else {
                holder.waiters.add(waiter);
            }
            return holder;
        });
        if (reentered.get()) {
            return work.get(); // the outer call releases
        }
        boolean locked = await(waiter);
        if (locked) {
            held.computeIfPresent(memcachedKey, (key, holder) -> {
                holder.owner = me;
                return holder;
            });
        }
        try {
            return work.get();
        } finally {
            if (locked) {
                release(memcachedKey);
            }
        }
    }

    /**
     * Asks for the lock of {@code memcachedKey} without waiting for it: the future completes with true once the
     * caller holds it (then it must call {@link #release}), or with false after {@link #MAX_WAIT_MILLIS} (then it
     * runs unlocked and must not release). It completes on the thread that releases the key, or on the timer's.
     */
    CompletableFuture<Boolean> acquire(String memcachedKey) {
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        held.compute(memcachedKey, (key, holder) -> {
            if (holder == null) {
                waiter.complete(true);
                return new Held(null);
            }
            holder.waiters.add(waiter);
            return holder;
        });
        return waiter.isDone() ? waiter : waiter.completeOnTimeout(false, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Hands the lock of {@code memcachedKey} to its first waiter still waiting, or frees it when none is. */
    void release(String memcachedKey) {
        AtomicReference<@Nullable CompletableFuture<Boolean>> polled = new AtomicReference<>();
        while (true) {
            polled.set(null);
            held.computeIfPresent(memcachedKey, (key, holder) -> {
                holder.owner = null;
                CompletableFuture<Boolean> first = holder.waiters.poll();
                polled.set(first);
                return first == null ? null : holder; // no waiter left: the key's entry goes
            });
            CompletableFuture<Boolean> next = polled.get();
            // Completed outside the map's compute: the waiter's next step may run here. False: it gave up waiting.
            if (next == null || next.complete(true)) {
                return;
            }
        }
    }

    /** @return whether the waiter was handed the lock, waiting for it at most {@link #MAX_WAIT_MILLIS} */
    private static boolean await(CompletableFuture<Boolean> waiter) {
        try {
            return waiter.get(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the interrupt for the caller; the CAS still protects the entry
        } catch (TimeoutException | ExecutionException e) {
            // gave up waiting: run unlocked, unless the lock was handed over just now
        }
        // complete(false) fails when a release handed the lock over first: then this caller holds it
        return !waiter.complete(false) && waiter.join();
    }

    /** @return how many keys are held now (for tests: an entry per held key, none left once all are released) */
    int heldKeys() {
        return held.size();
    }
}
