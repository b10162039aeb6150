package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import java.util.concurrent.CompletionStage;
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
    private final OptimisticLoop<K, V> loop;

    WriteOperations(CacheCore<K, V> core) {
        this.core = core;
        this.loop = new OptimisticLoop<>(core);
    }

    void put(K key, V value) {
        loop.run(putCall(key, value, false));
    }

    @Nullable
    V getAndPut(K key, V value) {
        return loop.run(putCall(key, value, true));
    }

    /** As {@link #put}, or {@link #getAndPut} when {@code returnOld}, on the asynchronous client. */
    CompletionStage<V> putAsync(K key, V value, boolean returnOld, AsyncCalls async, AsyncEntryStore asyncStore) {
        return loop.runAsync(putCall(key, value, returnOld), async, asyncStore);
    }

    /** What a pass of put found and did. */
    private record Put<V>(@Nullable V old, Upsert outcome) {}

    private OptimisticLoop.Call<K, V, Put<V>, V> putCall(K key, V value, boolean countHitOrMiss) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        Runnable callWriter = core.writer == null ? null : () -> core.writer.write(new MemjcacheEntry<>(key, value));
        return new OptimisticLoop.Call<>(
                key,
                keyBytes,
                batch,
                callWriter,
                current -> {
                    V old = current.value();
                    return upsert(key, keyBytes, value, valueBytes, current, batch)
                            .map(outcome -> new Put<>(old, outcome));
                },
                put -> {
                    if (countHitOrMiss) {
                        core.recordHitOrMiss(put.old() != null);
                    }
                    if (put.outcome() == Upsert.STORED) {
                        core.recordPuts(1);
                        core.recordPutTime(start);
                    }
                    batch.dispatch();
                    return put.old();
                });
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

    /**
     * Creates or updates the entry as {@code current} saw it, with the matching expiry and event, blocking.
     *
     * @return the outcome; {@link Upsert#CONFLICT} when the entry changed since the read
     */
    Upsert upsertNow(
            K key, byte[] keyBytes, V value, byte[] valueBytes, CacheCore.Current<V> current, EventBatch<K, V> batch) {
        Pass<Upsert> pass = upsert(key, keyBytes, value, valueBytes, current, batch);
        return loop.applyNow(pass, current.now()) ? pass.then().get() : Upsert.CONFLICT;
    }

    /** The pass creating or updating the entry as {@code current} saw it, with the matching expiry and event. */
    private Pass<Upsert> upsert(
            K key, byte[] keyBytes, V value, byte[] valueBytes, CacheCore.Current<V> current, EventBatch<K, V> batch) {
        if (current.present()) {
            long deadline = core.expiry.onUpdate(current.now(), current.deadline());
            return Pass.write(core.writeOf(current, keyBytes, valueBytes, deadline), () -> {
                batch.updated(key, value, current.presentValue());
                return Upsert.STORED;
            });
        }
        long deadline = core.expiry.onCreation(current.now());
        if (deadline <= current.now()) {
            // Created already expired: the specification says the entry is not added.
            return Pass.dropThen(core.expiredToDrop(current), () -> Upsert.EXPIRED_ON_CREATION);
        }
        return Pass.write(core.writeOf(current, keyBytes, valueBytes, deadline), () -> {
            batch.created(key, value);
            return Upsert.STORED;
        });
    }

    boolean putIfAbsent(K key, V value) {
        return loop.run(putIfAbsentCall(key, value));
    }

    /** As {@link #putIfAbsent}, on the asynchronous client. */
    CompletionStage<Boolean> putIfAbsentAsync(K key, V value, AsyncCalls async, AsyncEntryStore asyncStore) {
        return loop.runAsync(putIfAbsentCall(key, value), async, asyncStore);
    }

    private OptimisticLoop.Call<K, V, Boolean, Boolean> putIfAbsentCall(K key, V value) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        // The writer is told only once an absent entry is found, and once however often the store conflicts
        Runnable callWriter = loop.writerWriteOnce(key, value);
        return new OptimisticLoop.Call<>(
                key,
                keyBytes,
                batch,
                null,
                current -> {
                    if (current.present()) {
                        return Pass.finish(() -> false);
                    }
                    callWriter.run();
                    // Created already expired means nothing was stored: false, and counted as a hit, as the
                    // reference implementation does.
                    return upsert(key, keyBytes, value, valueBytes, current, batch)
                            .map(outcome -> outcome == Upsert.STORED);
                },
                stored -> {
                    if (stored) {
                        core.recordPuts(1);
                        core.recordPutTime(start);
                        core.recordMisses(1);
                    } else {
                        core.recordHits(1);
                    }
                    batch.dispatch();
                    return stored;
                });
    }
}
