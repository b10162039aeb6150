package io.memjcache.jcache;

import io.memjcache.jcache.support.Unwrapping;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in memcached. Keys and values are stored by value (serialized). Every
 * operation goes to memcached, so several JVMs using the same servers and manager URI share the cache; entry
 * listeners and statistics are those of this JVM.
 *
 * <p>Thread-safe. Follows {@link Cache}'s contract for {@code null}: keys, values, key sets and processors must not
 * be {@code null}; read methods return {@code null} for an absent entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MemjcacheCache<K, V> implements Cache<K, V> {

    private final String name;
    private final MemjcacheCacheManager manager;
    private final CacheResources<K, V> resources;
    private final CacheCore<K, V> core;
    private final ReadOperations<K, V> reads;
    private final WriteOperations<K, V> writes;
    private final RemoveOperations<K, V> removes;
    private final ReplaceOperations<K, V> replaces;
    private final BulkOperations<K, V> bulk;
    private final InvokeOperations<K, V> invokes;
    private volatile boolean closed;

    MemjcacheCache(String name, MemjcacheCacheManager manager, CacheResources<K, V> resources) {
        this.name = name;
        this.manager = manager;
        this.resources = resources;
        this.core = resources.core(this);
        this.reads = new ReadOperations<>(core);
        this.writes = new WriteOperations<>(core);
        this.removes = new RemoveOperations<>(core);
        this.replaces = new ReplaceOperations<>(core);
        this.bulk = new BulkOperations<>(core, writes);
        this.invokes = new InvokeOperations<>(core);
    }

    @Override
    public V get(K key) {
        ensureOpen();
        K checked = core.codec.checkKey(key);
        return call(() -> reads.get(checked));
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        checkKeys(keys);
        return call(() -> reads.getAll(keys));
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        K checked = core.codec.checkKey(key);
        return call(() -> reads.containsKey(checked));
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        ensureOpen();
        checkKeys(keys);
        if (core.loader == null) {
            if (listener != null) {
                listener.onCompletion();
            }
            return;
        }
        ExecutorService executor = resources.loadExecutor();
        executor.execute(new LoadAllTask<>(core, writes, Set.copyOf(keys), replaceExistingValues, listener));
    }

    @Override
    public void put(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        run(() -> writes.put(k, v));
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> writes.getAndPut(k, v));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            core.codec.checkKey(entry.getKey());
            core.codec.checkValue(entry.getValue());
        }
        run(() -> bulk.putAll(map));
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> writes.putIfAbsent(k, v));
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        return call(() -> removes.remove(k));
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(oldValue);
        return call(() -> removes.remove(k, v));
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        return call(() -> removes.getAndRemove(k));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V expected = core.codec.checkValue(oldValue);
        V v = core.codec.checkValue(newValue);
        return call(() -> replaces.replace(k, expected, v));
    }

    @Override
    public boolean replace(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> replaces.replace(k, v));
    }

    @Override
    public V getAndReplace(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> replaces.getAndReplace(k, v));
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        checkKeys(keys);
        run(() -> bulk.removeAll(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        run(() -> bulk.removeAll());
    }

    @Override
    public void clear() {
        ensureOpen();
        run(() -> core.store.clear());
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
        CompleteConfiguration<K, V> snapshot = resources.configurationSnapshot();
        if (clazz.isInstance(snapshot)) {
            return clazz.cast(snapshot);
        }
        throw new IllegalArgumentException("the configuration is not a " + clazz.getName());
    }

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return call(() -> invokes.invoke(k, entryProcessor, arguments));
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        ensureOpen();
        checkKeys(keys);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return call(() -> invokes.invokeAll(keys, entryProcessor, arguments));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public void close() {
        if (!closed) {
            manager.release(this);
        }
    }

    /** Closes this cache's resources; called by the manager, which also forgets the cache. */
    void closeResources() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrapping.unwrap(this, clazz, "the cache");
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
        ensureOpen();
        Objects.requireNonNull(configuration, "configuration");
        resources.registerListener(configuration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
        ensureOpen();
        Objects.requireNonNull(configuration, "configuration");
        resources.deregisterListener(configuration);
    }

    @Override
    public Iterator<Entry<K, V>> iterator() {
        ensureOpen();
        return call(() -> new CacheIterator<>(name, core, this::remove));
    }

    /** @return the resources of this cache, for the manager (statistics, MXBeans) */
    CacheResources<K, V> resources() {
        return resources;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private void checkKeys(Set<? extends K> keys) {
        Objects.requireNonNull(keys, "keys");
        for (K key : keys) {
            core.codec.checkKey(key);
        }
    }

    /** Runs an operation, reporting a memcached failure as the CacheException the JCache API promises. */
    private <R> R call(Supplier<R> operation) {
        return CacheFailures.translate(name, operation);
    }

    /** As {@link #call} for an operation without a result. */
    private void run(Runnable operation) {
        CacheFailures.run(name, operation);
    }

    @Override
    public String toString() {
        return "MemjcacheCache[" + manager.getURI() + " " + name + "]";
    }
}
