package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.cache.CacheException;

/**
 * The storing half of putAll: one pipelined round of reads, one pipelined round of conditional writes, then the
 * few entries another client changed in between are retried one by one. If the pipelined write fails (e.g. one
 * value is too large for the server), the entries are re-read to learn which were written: those get their
 * events, the others get their previous entry back, and the failure is reported.
 *
 * <p>Thread-safe (stateless between calls). Maps and values are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PipelinedPut<K, V> {

    private final CacheCore<K, V> core;
    private final WriteOperations<K, V> writes;

    PipelinedPut(CacheCore<K, V> core, WriteOperations<K, V> writes) {
        this.core = core;
        this.writes = writes;
    }

    /** A decided write of one entry. */
    private record Pending<K, V>(K key, V value, CacheCore.Current<V> current, EntryStore.Write write) {}

    /** Stores every entry, recording events in {@code batch}; @return how many puts were made. */
    long putAll(Map<K, V> entries, EventBatch<K, V> batch) {
        if (entries.isEmpty()) {
            return 0;
        }
        KeyIndex<K> index = new KeyIndex<>(entries.keySet(), core);
        long now = core.expiry.now();
        return putRead(entries, index, core.store.readAll(index.allKeyBytes()), now, batch);
    }

    /**
     * As {@link #putAll}, with its read round sent on the asynchronous client and the rest (the decisions, the
     * round of writes and the retries) run on the executor of {@code async} once the answers are in, blocking that
     * thread for the writes as {@link #putAll} blocks its caller. A read that a missing generation counter needs
     * takes {@link #putAll} on the executor.
     *
     * @return the stage of how many puts were made, completed on the executor
     */
    CompletionStage<Long> putAllAsync(
            Map<K, V> entries, EventBatch<K, V> batch, AsyncCalls async, AsyncEntryStore asyncStore) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        KeyIndex<K> index = new KeyIndex<>(entries.keySet(), core);
        long now = core.expiry.now();
        return async.afterRead(
                asyncStore.readAll(index.allKeyBytes()),
                read -> read.isPresent() ? putRead(entries, index, read.get(), now, batch) : putAll(entries, batch));
    }

    /** The rest of {@link #putAll} once the entries are read at {@code now}; @return how many puts were made */
    private long putRead(
            Map<K, V> entries, KeyIndex<K> index, Map<String, Snapshot> snapshots, long now, EventBatch<K, V> batch) {
        Map<String, Pending<K, V>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, Snapshot> read : snapshots.entrySet()) {
            K key = index.key(read.getKey());
            CacheCore.Current<V> current = core.current(key, read.getValue(), now, batch);
            long deadline =
                    current.present() ? core.expiry.onUpdate(now, current.deadline()) : core.expiry.onCreation(now);
            if (!current.present() && deadline <= now) {
                core.dropIfExpired(current);
                continue;
            }
            V value = Objects.requireNonNull(entries.get(key), "every indexed key has a value");
            pending.put(
                    read.getKey(),
                    new Pending<>(
                            key,
                            value,
                            current,
                            core.writeOf(current, index.keyBytes(key), core.codec.valueBytes(value), deadline)));
        }
        List<EntryStore.Write> batchWrites = new ArrayList<>();
        pending.values().forEach(p -> batchWrites.add(p.write()));
        Map<String, Boolean> written;
        try {
            written = batchWrites.isEmpty() ? Map.of() : core.store.writeAll(batchWrites);
        } catch (MemcachedException e) {
            long puts = recover(pending, batch);
            core.recordPuts(puts);
            batch.dispatch();
            throw new CacheException("putAll failed: " + e.getMessage(), e);
        }
        long puts = 0;
        for (Map.Entry<String, Pending<K, V>> each : pending.entrySet()) {
            Pending<K, V> p = each.getValue();
            if (Boolean.TRUE.equals(written.get(each.getKey()))) {
                recordEvent(p, batch);
                puts++;
            } else if (retry(p, batch) == WriteOperations.Upsert.STORED) {
                puts++;
            }
        }
        return puts;
    }

    private WriteOperations.Upsert retry(Pending<K, V> p, EventBatch<K, V> batch) {
        byte[] keyBytes = p.write().entry().key();
        byte[] valueBytes = p.write().entry().value();
        WriteOperations.Upsert outcome;
        do {
            CacheCore.Current<V> current = core.read(p.key(), keyBytes, batch);
            outcome = writes.upsertNow(p.key(), keyBytes, p.value(), valueBytes, current, batch);
        } while (outcome == WriteOperations.Upsert.CONFLICT);
        return outcome;
    }

    private void recordEvent(Pending<K, V> p, EventBatch<K, V> batch) {
        if (p.current().present()) {
            batch.updated(p.key(), p.value(), p.current().presentValue());
        } else {
            batch.created(p.key(), p.value());
        }
    }

    /** After a failed pipelined write: keeps what was written (with events), restores what a failure destroyed. */
    private long recover(Map<String, Pending<K, V>> pending, EventBatch<K, V> batch) {
        List<EntryStore.Write> attempted = new ArrayList<>();
        pending.values().forEach(p -> attempted.add(p.write()));
        Map<String, Boolean> landed = core.landedAfterFailure(attempted);
        long puts = 0;
        for (Map.Entry<String, Pending<K, V>> each : pending.entrySet()) {
            if (Boolean.TRUE.equals(landed.get(each.getKey()))) {
                recordEvent(each.getValue(), batch);
                puts++;
            }
        }
        return puts;
    }
}
