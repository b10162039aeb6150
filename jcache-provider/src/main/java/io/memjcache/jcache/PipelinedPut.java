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
 * The storing half of putAll: one pipelined round of reads, one pipelined round of conditional writes (both on the
 * asynchronous client for putAllAsync, see {@link #putAllAsync}), then the
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
     * As {@link #putAll}, with its read round and its round of writes sent on the asynchronous client, the decisions
     * and the finish run on the executor of {@code async} once the answers are in. Still with the blocking client on
     * the executor thread: the retries of the entries another client changed in between, learning which writes
     * landed after a failed one, and a read that needs a blocking step (then all of {@link #putAll}).
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
        return async.afterIo(asyncStore.readAll(index.allKeyBytes()), read -> {
            if (read.isEmpty()) {
                return CompletableFuture.completedFuture(putAll(entries, batch));
            }
            Map<String, Pending<K, V>> pending = decide(entries, index, read.get(), now, batch);
            Map<String, CompletableFuture<Boolean>> sent = new LinkedHashMap<>();
            pending.forEach((memcachedKey, p) -> sent.put(
                    memcachedKey,
                    asyncStore.write(
                            p.write().previous(), p.write().entry(), p.write().ttlSeconds())));
            // Every write answered (landed or failed) before the round is settled, as the blocking round is
            CompletableFuture<Void> answered = CompletableFuture.allOf(sent.values().stream()
                    .map(write -> write.handle((landed, failure) -> null))
                    .toArray(CompletableFuture[]::new));
            return async.afterRead(answered, allIn -> {
                Map<String, Boolean> written = new LinkedHashMap<>();
                for (Map.Entry<String, CompletableFuture<Boolean>> write : sent.entrySet()) {
                    if (write.getValue().isCompletedExceptionally()) {
                        Throwable failure =
                                write.getValue().handle((landed, e) -> e).join();
                        Throwable cause = AsyncCalls.unwrapped(failure);
                        if (cause instanceof MemcachedException memcached) {
                            throw failed(pending, batch, memcached);
                        }
                        throw new CacheException("putAll failed: " + cause, cause);
                    }
                    written.put(write.getKey(), write.getValue().join());
                }
                return settle(pending, written, batch);
            });
        });
    }

    /** The rest of {@link #putAll} once the entries are read at {@code now}; @return how many puts were made */
    private long putRead(
            Map<K, V> entries, KeyIndex<K> index, Map<String, Snapshot> snapshots, long now, EventBatch<K, V> batch) {
        Map<String, Pending<K, V>> pending = decide(entries, index, snapshots, now, batch);
        List<EntryStore.Write> batchWrites = new ArrayList<>();
        pending.values().forEach(p -> batchWrites.add(p.write()));
        Map<String, Boolean> written;
        try {
            written = batchWrites.isEmpty() ? Map.of() : core.store.writeAll(batchWrites);
        } catch (MemcachedException e) {
            throw failed(pending, batch, e);
        }
        return settle(pending, written, batch);
    }

    /** @return the write each entry read at {@code now} needs, by memcached key (none for one created expired) */
    private Map<String, Pending<K, V>> decide(
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
        return pending;
    }

    /** After a failed round of writes: keeps what landed, with events and statistics; @return the failure */
    private CacheException failed(Map<String, Pending<K, V>> pending, EventBatch<K, V> batch, MemcachedException e) {
        long puts = recover(pending, batch);
        core.recordPuts(puts);
        batch.dispatch();
        return new CacheException("putAll failed: " + e.getMessage(), e);
    }

    /** Records the writes that landed, retries the others; @return how many puts were made */
    private long settle(Map<String, Pending<K, V>> pending, Map<String, Boolean> written, EventBatch<K, V> batch) {
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
