package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * putAll and removeAll. Both read and write in pipelined rounds (one batch per server; see {@link PipelinedPut});
 * each change is still conditional on the CAS token of its read. With write-through, the
 * writer's batch method runs first; if it fails, the entries it did handle are still applied to the cache (they are
 * in the system of record) before the failure is thrown, as {@link javax.cache.integration.CacheWriter} specifies.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}): maps, sets, keys and values are
 * never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkOperations<K, V> {

    private final CacheCore<K, V> core;
    private final PipelinedPut<K, V> pipelinedPut;

    BulkOperations(CacheCore<K, V> core, WriteOperations<K, V> writes) {
        this.core = core;
        this.pipelinedPut = new PipelinedPut<>(core, writes);
    }

    void putAll(Map<? extends K, ? extends V> map) {
        long start = System.nanoTime();
        Map<K, V> toStore = new LinkedHashMap<>(map);
        CacheWriterException failure = writeThrough(toStore);
        EventBatch<K, V> batch = core.events.newBatch();
        finishPutAll(start, pipelinedPut.putAll(toStore, batch), batch, failure);
    }

    /**
     * As {@link #putAll}, with the writer's batch on the executor of {@code async} and the read round and the round
     * of writes on the asynchronous client (see {@link PipelinedPut#putAllAsync}).
     *
     * @return the stage of the call, completed on the executor
     */
    CompletionStage<Void> putAllAsync(Map<? extends K, ? extends V> map, AsyncCalls async, AsyncEntryStore asyncStore) {
        long start = System.nanoTime();
        Map<K, V> toStore = new LinkedHashMap<>(map);
        return async.onExecutor(() -> {
            CacheWriterException failure = writeThrough(toStore);
            EventBatch<K, V> batch = core.events.newBatch();
            return pipelinedPut.putAllAsync(toStore, batch, async, asyncStore).thenApply(puts -> {
                finishPutAll(start, puts, batch, failure);
                return null;
            });
        });
    }

    /**
     * Hands the entries to the writer (write-through); those it fails to write are taken out of {@code toStore}.
     *
     * @return the writer's failure, to throw once the others are stored, or {@code null}
     */
    private @Nullable CacheWriterException writeThrough(Map<K, V> toStore) {
        CacheWriterException failure = null;
        if (core.writer != null && !toStore.isEmpty()) {
            Collection<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
            toStore.forEach((key, value) -> pending.add(new MemjcacheEntry<>(key, value)));
            try {
                core.writer.writeAll(pending);
            } catch (CacheWriterException e) {
                failure = e;
                for (Cache.Entry<? extends K, ? extends V> entry : pending) {
                    toStore.remove(entry.getKey());
                }
            }
        }
        return failure;
    }

    /** Counts the puts, dispatches the events, then throws the writer's failure if there was one. */
    private void finishPutAll(long start, long puts, EventBatch<K, V> batch, @Nullable CacheWriterException failure) {
        core.recordPuts(puts);
        if (puts > 0) {
            core.recordPutTime(start);
        }
        batch.dispatch();
        if (failure != null) {
            throw failure;
        }
    }

    void removeAll(Set<? extends K> keys) {
        long start = System.nanoTime();
        Set<K> toRemove = new LinkedHashSet<>(keys);
        CacheWriterException failure = null;
        if (core.writer != null && !toRemove.isEmpty()) {
            List<K> pending = new ArrayList<>(toRemove);
            try {
                core.writer.deleteAll(pending);
            } catch (CacheWriterException e) {
                failure = e;
                toRemove.removeAll(pending);
            }
        }
        long removed = removeInRounds(toRemove);
        core.recordRemovals(removed);
        if (removed > 0) {
            core.recordRemoveTime(start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Reads all the keys in one pipelined round, then deletes the live ones (and drops the expired ones) in one
     * pipelined round, each delete guarded by its CAS; the keys another client changed in between go round again.
     */
    private long removeInRounds(Set<K> keys) {
        KeyIndex<K> index = new KeyIndex<>(keys, core);
        EventBatch<K, V> batch = core.events.newBatch();
        long removed = 0;
        Collection<byte[]> pending = index.allKeyBytes();
        while (!pending.isEmpty()) {
            long now = core.expiry.now();
            List<Snapshot> deletes = new ArrayList<>();
            Map<String, V> removing = new LinkedHashMap<>();
            for (Map.Entry<String, Snapshot> read : core.store.readAll(pending).entrySet()) {
                CacheCore.Current<V> current = core.current(index.key(read.getKey()), read.getValue(), now, batch);
                if (current.present()) {
                    removing.put(read.getKey(), current.value());
                    deletes.add(read.getValue());
                } else if (read.getValue().isExpiredAt(now) || current.unreadable()) {
                    deletes.add(read.getValue()); // dropped; if somebody rewrote it meanwhile, their entry stays
                }
            }
            Map<String, Boolean> gone = core.deleteAll(deletes);
            List<byte[]> changed = new ArrayList<>();
            for (Map.Entry<String, V> each : removing.entrySet()) {
                K key = index.key(each.getKey());
                if (Boolean.TRUE.equals(gone.get(each.getKey()))) {
                    batch.removed(key, each.getValue());
                    removed++;
                } else {
                    changed.add(index.keyBytes(key));
                }
            }
            pending = changed;
        }
        batch.dispatch();
        return removed;
    }

    void removeAll() {
        Set<K> keys = new LinkedHashSet<>();
        new LiveEntries<>(core, true).forEachLive((key, value) -> keys.add(key));
        removeAll(keys);
    }
}
