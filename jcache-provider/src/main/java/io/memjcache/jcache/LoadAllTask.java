package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;

/**
 * One {@code Cache.loadAll} run, executed off the caller's thread: loads the keys (all of them, or only the absent
 * ones unless {@code replaceExisting}) through the cache loader and stores the values as creations or updates,
 * without calling the writer, then tells the completion listener. Finding the absent keys is one pipelined read,
 * storing the values one pipelined read and one pipelined write ({@link PipelinedPut}).
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

    LoadAllTask(
            CacheCore<K, V> core,
            WriteOperations<K, V> writes,
            Set<? extends K> keys,
            boolean replaceExisting,
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
        List<K> toLoad = replaceExisting ? new ArrayList<>(keys) : absent();
        if (toLoad.isEmpty()) {
            return;
        }
        // Only a cache with a loader starts this task.
        Map<K, V> loaded = Objects.requireNonNull(core.loader, "loader").loadAll(toLoad);
        EventBatch<K, V> batch = core.events.newBatch();
        new PipelinedPut<>(core, writes).putAll(loaded, batch);
        batch.dispatch();
    }

    /** @return the keys without a live entry, found with one pipelined read of them all */
    private List<K> absent() {
        KeyIndex<K> index = new KeyIndex<>(keys, core);
        EventBatch<K, V> batch = core.events.newBatch();
        long now = core.expiry.now();
        List<K> absent = new ArrayList<>();
        core.store.readAll(index.allKeyBytes()).forEach((memcachedKey, snapshot) -> {
            K key = index.key(memcachedKey);
            if (!core.current(key, snapshot, now, batch).present()) {
                absent.add(key);
            }
        });
        batch.dispatch();
        return absent;
    }
}
