package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import org.jspecify.annotations.Nullable;

/**
 * put, getAndPut and putIfAbsent: optimistic loops of read, decide, conditional write, retried when another client
 * changed the entry in between. The writer (write-through) is called before the cache changes, so a writer failure
 * leaves the cache untouched. A new entry whose creation expiry is already over is not stored at all (and
 * putIfAbsent then returns false).
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}) and are never {@code null};
 * {@code getAndPut} returns {@code null} when there was no entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class WriteOperations<K, V> {

    private final CacheCore<K, V> core;

    WriteOperations(CacheCore<K, V> core) {
        this.core = core;
    }

    void put(K key, V value) {
        putReturningOld(key, value, false);
    }

    @Nullable
    V getAndPut(K key, V value) {
        return putReturningOld(key, value, true);
    }

    private @Nullable V putReturningOld(K key, V value, boolean countHitOrMiss) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        if (core.writer != null) {
            core.writer.write(new MemjcacheEntry<>(key, value));
        }
        EventBatch<K, V> batch = core.events.newBatch();
        V old;
        Upsert outcome;
        do {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            old = current.value();
            outcome = upsert(key, keyBytes, value, valueBytes, current, batch);
        } while (outcome == Upsert.CONFLICT);
        if (countHitOrMiss) {
            core.recordHitOrMiss(old != null);
        }
        if (outcome == Upsert.STORED) {
            core.recordPuts(1);
            core.recordPutTime(start);
        }
        batch.dispatch();
        return old;
    }

    /** What {@link #upsert} did. */
    enum Upsert {
        /** Stored as a change: counts as a put. */
        STORED,
        /** Not stored because its creation expiry was already over: not a put. */
        EXPIRED_ON_CREATION,
        /** The entry changed since it was read: read again and retry. */
        CONFLICT
    }

    /** Creates or updates the entry as {@code current} saw it, with the matching expiry and event. */
    Upsert upsert(
            K key, byte[] keyBytes, V value, byte[] valueBytes, CacheCore.Current<V> current, EventBatch<K, V> batch) {
        if (current.present()) {
            long deadline = core.expiry.onUpdate(current.now(), current.deadline());
            if (!core.write(current, keyBytes, valueBytes, deadline)) {
                return Upsert.CONFLICT;
            }
            batch.updated(key, value, current.presentValue());
            return Upsert.STORED;
        }
        long deadline = core.expiry.onCreation(current.now());
        if (deadline <= current.now()) {
            // Created already expired: the specification says the entry is not added.
            core.dropIfExpired(current);
            return Upsert.EXPIRED_ON_CREATION;
        }
        if (!core.write(current, keyBytes, valueBytes, deadline)) {
            return Upsert.CONFLICT;
        }
        batch.created(key, value);
        return Upsert.STORED;
    }

    boolean putIfAbsent(K key, V value) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        boolean writerCalled = false;
        boolean stored;
        while (true) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            if (current.present()) {
                stored = false;
                break;
            }
            if (core.writer != null && !writerCalled) {
                core.writer.write(new MemjcacheEntry<>(key, value));
                writerCalled = true;
            }
            Upsert outcome = upsert(key, keyBytes, value, valueBytes, current, batch);
            if (outcome != Upsert.CONFLICT) {
                // Created already expired means nothing was stored: false, and counted as a hit, as the
                // reference implementation does.
                stored = outcome == Upsert.STORED;
                break;
            }
        }
        if (stored) {
            core.recordPuts(1);
            core.recordPutTime(start);
            core.recordMisses(1);
        } else {
            core.recordHits(1);
        }
        batch.dispatch();
        return stored;
    }
}
