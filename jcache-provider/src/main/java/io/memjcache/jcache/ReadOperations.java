package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * get, getAll and containsKey with the JCache rules: a hit applies the access expiry, a miss consults the loader
 * when read-through is on (the loaded value is stored as a creation, with a CREATED event), containsKey neither
 * loads nor touches expiry nor counts statistics.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}) and are never {@code null};
 * {@code get} returns {@code null} for an absent entry, {@code getAll} leaves absent keys out.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ReadOperations<K, V> {

    private final CacheCore<K, V> core;
    private final OptimisticLoop<K, V> loop;

    ReadOperations(CacheCore<K, V> core) {
        this.core = core;
        this.loop = new OptimisticLoop<>(core);
    }

    @Nullable
    V get(K key) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        EventBatch<K, V> batch = core.events.newBatch();
        return decideGet(key, keyBytes, core.readNear(key, keyBytes, batch), batch, start);
    }

    /**
     * As {@link #get}, with no thread waiting for memcached: the read is sent with the asynchronous client, and the
     * decision ({@link #decideGet}: value deserialized, expiry, loader, touches, events) runs on the executor of
     * {@code async} once the answer is in, never on the I/O thread. A hit that needs no touch and a miss without a
     * loader make no blocking call at all; a touch of the access expiry, a load and its store block that executor
     * thread as {@link #get} blocks its caller. A read that a missing generation counter needs takes
     * {@link #get} on the executor. Not for a cache with replicas, nor with a near cache (its reads are {@link #get}'s).
     *
     * @return the stage of the value ({@code null} if absent), completed on the executor
     */
    CompletionStage<V> getAsync(K key, AsyncCalls async, AsyncEntryStore asyncStore) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        long now = core.expiry.now();
        return async.afterRead(asyncStore.read(keyBytes), snapshot -> {
            if (snapshot.isEmpty()) {
                return get(key);
            }
            EventBatch<K, V> batch = core.events.newBatch();
            return decideGet(key, keyBytes, core.current(key, snapshot.get(), now, batch), batch, start);
        });
    }

    /** The decision of {@link #get} and {@link #getAsync} once the entry is read; @return the value or null. */
    private @Nullable V decideGet(
            K key, byte[] keyBytes, CacheCore.Current<V> current, EventBatch<K, V> batch, long start) {
        V result;
        if (current.present()) {
            core.touch(current);
            core.recordHits(1);
            result = current.value();
        } else {
            core.recordMisses(1);
            result = null;
            if (core.readThrough && core.loader != null) {
                result = core.loader.load(key);
            }
            if (result != null) {
                core.storeLoaded(key, keyBytes, result, current, batch);
            } else {
                core.dropIfExpired(current);
            }
        }
        core.recordGetTime(start);
        batch.dispatch();
        return result;
    }

    /**
     * One pipelined round reads every entry; the loader (read-through) is asked for the missing ones at once; then
     * one round writes the access-expiry touches and the loaded values, and one round drops the expired entries.
     * Touches and loaded values are conditional writes: an entry another client changed meanwhile keeps its change.
     */
    Map<K, V> getAll(Set<? extends K> keys) {
        long start = System.nanoTime();
        KeyIndex<K> index = new KeyIndex<>(keys, core);
        long now = core.expiry.now();
        return decideGetAll(index, core.store.readAll(index.allKeyBytes()), now, start);
    }

    /**
     * As {@link #getAll}, with its read round sent on the asynchronous client and the rest ({@link #decideGetAll}:
     * values deserialized, expiry, loader) run on the executor of {@code async} once the answers are in; the rounds
     * of access-expiry touches, loaded values and drops of expired entries, when there are any, block that executor
     * thread as {@link #getAll} blocks its caller. A read that a missing generation counter needs takes
     * {@link #getAll} on the executor.
     *
     * @return the stage of the values found or loaded, completed on the executor
     */
    CompletionStage<Map<K, V>> getAllAsync(Set<? extends K> keys, AsyncCalls async, AsyncEntryStore asyncStore) {
        long start = System.nanoTime();
        KeyIndex<K> index = new KeyIndex<>(keys, core);
        long now = core.expiry.now();
        return async.afterRead(
                asyncStore.readAll(index.allKeyBytes()),
                snapshots -> snapshots.isPresent() ? decideGetAll(index, snapshots.get(), now, start) : getAll(keys));
    }

    /** The rest of {@link #getAll} and {@link #getAllAsync} once the entries are read; @return the values */
    private Map<K, V> decideGetAll(KeyIndex<K> index, Map<String, Snapshot> snapshots, long now, long start) {
        EventBatch<K, V> batch = core.events.newBatch();
        Map<K, V> result = new LinkedHashMap<>();
        List<EntryStore.Write> writes = new ArrayList<>();
        Map<K, CacheCore.Current<V>> missing = new LinkedHashMap<>();
        snapshots.forEach((memcachedKey, snapshot) -> {
            K key = index.key(memcachedKey);
            CacheCore.Current<V> current = core.current(key, snapshot, now, batch);
            if (current.present()) {
                addIfNotNull(writes, core.touchOf(current));
                result.put(key, current.value());
            } else {
                missing.put(key, current);
            }
        });
        core.recordHits(result.size());
        core.recordMisses(missing.size());
        Map<K, V> loaded = Map.of();
        if (!missing.isEmpty() && core.readThrough && core.loader != null) {
            loaded = core.loader.loadAll(missing.keySet());
        }
        List<Snapshot> drops = new ArrayList<>();
        Map<String, K> loadedKeys = new HashMap<>();
        for (Map.Entry<K, CacheCore.Current<V>> each : missing.entrySet()) {
            K key = each.getKey();
            CacheCore.Current<V> current = each.getValue();
            V value = loaded.get(key);
            long deadline = value == null ? now : core.expiry.onCreation(now);
            if (value != null) {
                result.put(key, value);
            }
            if (value != null && deadline > now) {
                writes.add(core.writeOf(current, index.keyBytes(key), core.codec.valueBytes(value), deadline));
                loadedKeys.put(current.snapshot().memcachedKey(), key);
            } else if (current.snapshot().isExpiredAt(now)
                    && !current.snapshot().readFromReplica()) {
                drops.add(current.snapshot());
            }
        }
        Map<String, Boolean> written;
        try {
            written = core.writeAll(writes);
        } catch (MemcachedException e) {
            throw new CacheException("getAll could not store its touches or loaded values: " + e.getMessage(), e);
        }
        loadedKeys.forEach((memcachedKey, key) -> {
            if (Boolean.TRUE.equals(written.get(memcachedKey))) {
                batch.created(key, Objects.requireNonNull(result.get(key), "a stored value was loaded"));
            }
        });
        core.deleteAll(drops);
        core.recordGetTime(start);
        batch.dispatch();
        return result;
    }

    private static <T> void addIfNotNull(List<T> list, @Nullable T element) {
        if (element != null) {
            list.add(element);
        }
    }

    boolean containsKey(K key) {
        EventBatch<K, V> batch = core.events.newBatch();
        CacheCore.Current<V> current = core.readNear(key, core.codec.keyBytes(key), batch);
        Pass<Boolean> pass = contains(current, batch);
        loop.applyNow(pass, current.now());
        return pass.then().get();
    }

    /** As {@link #containsKey} on the asynchronous client, for a cache without a near cache. */
    CompletionStage<Boolean> containsKeyAsync(K key, AsyncCalls async, AsyncEntryStore asyncStore) {
        EventBatch<K, V> batch = core.events.newBatch();
        return loop.runAsync(
                new OptimisticLoop.Call<>(
                        key,
                        core.codec.keyBytes(key),
                        batch,
                        null,
                        current -> contains(current, batch),
                        found -> found),
                async,
                asyncStore);
    }

    /** The decision of containsKey: an expired entry is dropped; @return whether the entry is there */
    private Pass<Boolean> contains(CacheCore.Current<V> current, EventBatch<K, V> batch) {
        return Pass.dropThen(current.present() ? null : core.expiredToDrop(current), () -> {
            batch.dispatch();
            return current.present();
        });
    }
}
