package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;

/**
 * One {@code Cache.loadAll} run, executed off the caller's thread: loads the keys (all of them, or only the absent
 * ones unless {@code replaceExisting}) through the cache loader and stores the values as creations or updates,
 * without calling the writer, then tells the completion listener.
 *
 * <p>Not thread-safe: runs once, in one thread. The listener may be {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LoadAllTask<K, V> implements Runnable {

    private final CacheCore<K, V> core;
    private final WriteOperations<K, V> writes;
    private final Set<? extends K> keys;
    private final boolean replaceExisting;
    private final CompletionListener listener;

    LoadAllTask(CacheCore<K, V> core, WriteOperations<K, V> writes, Set<? extends K> keys, boolean replaceExisting,
            CompletionListener listener) {
        this.core = core;
        this.writes = writes;
        this.keys = keys;
        this.replaceExisting = replaceExisting;
        this.listener = listener;
    }

    @Override
    public void run() {
        try {
            load();
        } catch (CacheLoaderException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            fail(new CacheLoaderException("loadAll failed: " + e, e));
            return;
        }
        if (listener != null) {
            listener.onCompletion();
        }
    }

    private void fail(Exception e) {
        if (listener != null) {
            listener.onException(e);
        }
    }

    private void load() {
        List<K> toLoad = new ArrayList<>();
        for (K key : keys) {
            if (replaceExisting || !containsLive(key)) {
                toLoad.add(key);
            }
        }
        if (toLoad.isEmpty()) {
            return;
        }
        Map<K, V> loaded = core.loader.loadAll(toLoad);
        EventBatch<K, V> batch = core.events.newBatch();
        for (Map.Entry<K, V> entry : loaded.entrySet()) {
            K key = entry.getKey();
            V value = entry.getValue();
            byte[] keyBytes = core.codec.keyBytes(key);
            byte[] valueBytes = core.codec.valueBytes(value);
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            while (writes.upsert(key, keyBytes, value, valueBytes, current, batch)
                    == WriteOperations.Upsert.CONFLICT) {
                current = core.read(key, keyBytes, batch);
            }
        }
        batch.dispatch();
    }

    private boolean containsLive(K key) {
        EventBatch<K, V> batch = core.events.newBatch();
        boolean present = core.read(key, core.codec.keyBytes(key), batch).present();
        batch.dispatch();
        return present;
    }
}
