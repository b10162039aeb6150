package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;

/**
 * putAll and removeAll. putAll reads and writes in pipelined rounds ({@link PipelinedPut}); each change is still a
 * conditional write. With write-through, the
 * writer's batch method runs first; if it fails, the entries it did handle are still applied to the cache (they are
 * in the system of record) before the failure is thrown, as {@link javax.cache.integration.CacheWriter} specifies.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkOperations<K, V> {

    private final CacheCore<K, V> core;
    private final PipelinedPut<K, V> pipelinedPut;
    private final RemoveOperations<K, V> removes;

    BulkOperations(CacheCore<K, V> core, WriteOperations<K, V> writes, RemoveOperations<K, V> removes) {
        this.core = core;
        this.pipelinedPut = new PipelinedPut<>(core, writes);
        this.removes = removes;
    }

    void putAll(Map<? extends K, ? extends V> map) {
        long start = System.nanoTime();
        Map<K, V> toStore = new LinkedHashMap<>(map);
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
        EventBatch<K, V> batch = core.events.newBatch();
        long puts = pipelinedPut.putAll(toStore, batch);
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
        long removed = removeReadInOneRound(toRemove);
        core.recordRemovals(removed);
        if (removed > 0) {
            core.recordRemoveTime(start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads all the keys in one pipelined round, then deletes the live ones, each guarded by its CAS. */
    private long removeReadInOneRound(Set<K> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Map<String, K> keysByMemcachedKey = new LinkedHashMap<>();
        Map<K, byte[]> keyBytes = new LinkedHashMap<>();
        for (K key : keys) {
            byte[] bytes = core.codec.keyBytes(key);
            keyBytes.put(key, bytes);
            keysByMemcachedKey.put(core.store.memcachedKey(bytes), key);
        }
        EventBatch<K, V> batch = core.events.newBatch();
        long now = core.expiry.now();
        long removed = 0;
        for (Map.Entry<String, Snapshot> read : core.store.readAll(keyBytes.values()).entrySet()) {
            K key = keysByMemcachedKey.get(read.getKey());
            CacheCore.Current<V> current = core.current(key, read.getValue(), now, batch);
            if (!current.present()) {
                core.dropIfExpired(current);
            } else if (core.delete(current)) {
                batch.removed(key, current.value());
                removed++;
            } else if (removes.removeWithoutWriter(key, keyBytes.get(key)) != null) {
                // Changed since the read: removed with a fresh read of its own.
                removed++;
            }
        }
        batch.dispatch();
        return removed;
    }

    void removeAll() {
        Set<K> keys = new LinkedHashSet<>();
        new LiveEntries<>(core).forEachLive((key, value) -> keys.add(key));
        removeAll(keys);
    }
}
