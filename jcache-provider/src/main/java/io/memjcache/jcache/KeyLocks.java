package io.memjcache.jcache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped locks by memcached key, so that the callers of one JVM that change the same entry with a read-decide-write
 * loop take turns instead of failing each other's CAS writes and retrying: under contention every retry costs two
 * more round trips, and with many threads on few keys most attempts would fail. The lock only orders this JVM's
 * callers; correctness never depends on it: the CAS-guarded write still decides, against other JVMs and against a
 * caller that gave up waiting.
 *
 * <p>A caller waits at most {@link #MAX_WAIT_MILLIS} for its stripe and then runs unlocked: a lock that is only an
 * optimization must never deadlock (an entry processor invoking the cache on another key of a held stripe, or a
 * loader waiting for another thread that invokes the same key).
 *
 * <p>Thread-safe. Keys and work must not be {@code null}; {@link #withLock} returns what the work returns.
 */
final class KeyLocks {

    /** Stripes: enough that unrelated hot keys rarely share one, small enough to cost nothing per cache. */
    private static final int STRIPES = 256;

    /** Longer than any queue of this JVM's callers on one key should take; after it, the CAS alone decides. */
    static final long MAX_WAIT_MILLIS = 1_000;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} holding the stripe of {@code memcachedKey}, or without it after waiting too long. */
    <T> T withLock(String memcachedKey, Supplier<T> work) {
        ReentrantLock lock = stripe(memcachedKey);
        boolean locked;
        try {
            locked = lock.tryLock(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the interrupt for the caller; the CAS still protects the entry
            locked = false;
        }
        try {
            return work.get();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** @return the lock guarding {@code memcachedKey}'s stripe (for tests) */
    ReentrantLock stripe(String memcachedKey) {
        int hash = memcachedKey.hashCode();
        return locks[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
    }
}
