package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * get, getAll and containsKey with the JCache rules: a hit applies the access expiry, a miss consults the loader
 * when read-through is on (the loaded value is stored as a creation, with a CREATED event), containsKey neither
 * loads nor touches expiry nor counts statistics.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ReadOperations<K, V> {

    private final CacheCore<K, V> core;

    ReadOperations(CacheCore<K, V> core) {
        this.core = core;
    }

    V get(K key) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        EventBatch<K, V> batch = core.events.newBatch();
        CacheCore.Current<V> current = core.read(key, keyBytes, batch);
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

    Map<K, V> getAll(Set<? extends K> keys) {
        long start = System.nanoTime();
        Map<String, K> keysByMemcachedKey = new LinkedHashMap<>();
        Map<K, byte[]> bytesByKey = new HashMap<>();
        for (K key : keys) {
            byte[] keyBytes = core.codec.keyBytes(key);
            bytesByKey.put(key, keyBytes);
            keysByMemcachedKey.put(core.store.memcachedKey(keyBytes), key);
        }
        EventBatch<K, V> batch = core.events.newBatch();
        long now = core.expiry.now();
        Map<String, Snapshot> snapshots = core.store.readAll(bytesByKey.values());
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        Map<K, CacheCore.Current<V>> missingCurrents = new HashMap<>();
        snapshots.forEach((memcachedKey, snapshot) -> {
            K key = keysByMemcachedKey.get(memcachedKey);
            CacheCore.Current<V> current = core.current(key, snapshot, now, batch);
            if (current.present()) {
                core.touch(current);
                result.put(key, current.value());
            } else {
                missing.add(key);
                missingCurrents.put(key, current);
            }
        });
        core.recordHits(result.size());
        core.recordMisses(missing.size());
        Map<K, V> loaded = Map.of();
        if (!missing.isEmpty() && core.readThrough && core.loader != null) {
            loaded = core.loader.loadAll(missing);
        }
        for (K key : missing) {
            V value = loaded.get(key);
            if (value != null) {
                core.storeLoaded(key, bytesByKey.get(key), value, missingCurrents.get(key), batch);
                result.put(key, value);
            } else {
                core.dropIfExpired(missingCurrents.get(key));
            }
        }
        core.recordGetTime(start);
        batch.dispatch();
        return result;
    }

    boolean containsKey(K key) {
        EventBatch<K, V> batch = core.events.newBatch();
        CacheCore.Current<V> current = core.read(key, core.codec.keyBytes(key), batch);
        if (!current.present()) {
            core.dropIfExpired(current);
        }
        batch.dispatch();
        return current.present();
    }
}
