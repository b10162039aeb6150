package io.memjcache.jcache;

import io.memjcache.jcache.support.Unwrapping;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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
 * <p><b>Asynchronous API.</b> The {@code ...Async} methods, named as Redisson's {@code CacheAsync} names them, are
 * the {@link CompletionStage} forms of the operations, with the same semantics, statistics (average times measured
 * to completion), events, expiry, loader and writer calls. {@code getAsync}, {@code containsKeyAsync} and the single-key
 * writes (put, getAndPut, putIfAbsent, the removes and the replaces) send their reads, conditional writes and
 * deletes on the asynchronous client and run each decision on the executor once the answer is in (no thread waits
 * for memcached; their requests count against {@code memjcache.async.maxInFlight}, beyond which their stage fails).
 * getAll sends its read round so too, putAll its read round and its round of writes; invoke and invokeAll (each key as one invoke) all their requests,
 * waiting their turn on a key behind this JVM's other invokes of it without a parked thread. With a near cache, a strict near hit of {@code getAsync} sends
 * its check the same way; an eventual near hit whose value is shared as it is (an immutable value, or
 * store-by-reference) in a cache whose expiry policy is JCache's eternal, created or modified policy runs no
 * application code, and completes on the calling thread without the executor. The others (removeAll,
 * clear), and every call of a cache with replicas, run the blocking
 * operation on the executor: the cache's default one (16 daemon threads
 * {@code memjcache-async-<cache>-<n>}, a queue of 65,536 calls) or the one given to {@link #withExecutor}. So
 * loaders, writers, entry processors and synchronous listeners never run on a client I/O thread, and the stages
 * complete on the executor: dependent stages attached without an executor run there too. Each of those other
 * calls holds one executor thread while it waits for memcached; calls beyond the threads
 * wait in the queue, and a call the executor refuses (queue full) returns a stage failed with a
 * {@link javax.cache.CacheException} saying so. Null arguments throw at once, as in the blocking methods; any
 * other failure completes the stage exceptionally (a {@link java.util.concurrent.CompletionException} around the
 * exception the blocking method throws).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MemjcacheCache<K, V> implements Cache<K, V> {

    private final String name;
    private final MemjcacheCacheManager manager;
    private final CacheResources<K, V> resources;
    private final CacheCore<K, V> core;
    /** Package-private for tests: the invoke locks are observable. */
    final CacheOperations<K, V> operations;
    /** The cache as the manager made it: this one, or the one a {@link #withExecutor} view was made from. */
    private final MemjcacheCache<K, V> root;

    private final AsyncCalls async;
    private final AsyncChains<K, V> chains;
    private volatile boolean closed;

    MemjcacheCache(String name, MemjcacheCacheManager manager, CacheResources<K, V> resources) {
        this.name = name;
        this.manager = manager;
        this.resources = resources;
        this.core = resources.core(this);
        this.operations = CacheOperations.of(core);
        this.root = this;
        this.async = new AsyncCalls(name, resources::asyncExecutor);
        this.chains = new AsyncChains<>(core, operations, async, this, () -> root.closed);
    }

    /** A view of {@code base} whose asynchronous calls run on {@code executor}. */
    private MemjcacheCache(MemjcacheCache<K, V> base, Executor executor) {
        this.name = base.name;
        this.manager = base.manager;
        this.resources = base.resources;
        this.core = base.core;
        this.operations = base.operations;
        this.root = base.root;
        this.async = new AsyncCalls(name, () -> executor);
        this.chains = new AsyncChains<>(core, operations, async, this, () -> root.closed);
    }

    /**
     * @param executor runs this view's asynchronous calls (and the loader, writer, entry processors and synchronous
     *                 listeners they call), and completes their stages; a {@link java.util.concurrent.RejectedExecutionException}
     *                 it throws fails the call's stage with a {@link javax.cache.CacheException}
     * @return a view of this cache whose asynchronous calls run on {@code executor}; everything else (entries,
     *         listeners, statistics, closing) is this cache's
     */
    public MemjcacheCache<K, V> withExecutor(Executor executor) {
        return new MemjcacheCache<>(this, Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public V get(K key) {
        ensureOpen();
        K checked = core.codec.checkKey(key);
        return call(() -> operations.reads().get(checked));
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        checkKeys(keys);
        return call(() -> operations.reads().getAll(keys));
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        K checked = core.codec.checkKey(key);
        return call(() -> operations.reads().containsKey(checked));
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
        executor.execute(
                new LoadAllTask<>(core, operations.writes(), Set.copyOf(keys), replaceExistingValues, listener));
    }

    @Override
    public void put(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        run(() -> operations.writes().put(k, v));
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> operations.writes().getAndPut(k, v));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        checkEntries(map);
        run(() -> operations.bulk().putAll(map));
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> operations.writes().putIfAbsent(k, v));
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        return call(() -> operations.removes().remove(k));
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(oldValue);
        return call(() -> operations.removes().remove(k, v));
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        return call(() -> operations.removes().getAndRemove(k));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V expected = core.codec.checkValue(oldValue);
        V v = core.codec.checkValue(newValue);
        return call(() -> operations.replaces().replace(k, expected, v));
    }

    @Override
    public boolean replace(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> operations.replaces().replace(k, v));
    }

    @Override
    public V getAndReplace(K key, V value) {
        ensureOpen();
        K k = core.codec.checkKey(key);
        V v = core.codec.checkValue(value);
        return call(() -> operations.replaces().getAndReplace(k, v));
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        checkKeys(keys);
        run(() -> operations.bulk().removeAll(keys));
    }

    @Override
    public void removeAll() {
        ensureOpen();
        run(() -> operations.bulk().removeAll());
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
        return call(() -> operations.invokes().invoke(k, entryProcessor, arguments));
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        ensureOpen();
        checkKeys(keys);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return call(() -> operations.invokes().invokeAll(keys, entryProcessor, arguments));
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
        if (!root.closed) {
            manager.release(root);
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
        return root.closed;
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

    /** @return a stage of {@link #get}: the value, or {@code null} if there is none (after read-through) */
    public CompletionStage<V> getAsync(K key) {
        return chains.get(core.codec.checkKey(key));
    }

    /** @return a stage of {@link #getAll} */
    public CompletionStage<Map<K, V>> getAllAsync(Set<? extends K> keys) {
        checkKeys(keys);
        return chains.getAll(new LinkedHashSet<>(keys));
    }

    /** @return a stage of {@link #containsKey} */
    public CompletionStage<Boolean> containsKeyAsync(K key) {
        return chains.containsKey(core.codec.checkKey(key));
    }

    /** @return a stage of {@link #put}, completed with {@code null} once the entry is stored */
    public CompletionStage<Void> putAsync(K key, V value) {
        return chains.put(core.codec.checkKey(key), core.codec.checkValue(value));
    }

    /** @return a stage of {@link #getAndPut}: the previous value, or {@code null} */
    public CompletionStage<V> getAndPutAsync(K key, V value) {
        return chains.getAndPut(core.codec.checkKey(key), core.codec.checkValue(value));
    }

    /** @return a stage of {@link #putAll}, completed with {@code null} once every entry is stored */
    public CompletionStage<Void> putAllAsync(Map<? extends K, ? extends V> map) {
        checkEntries(map);
        return chains.putAll(new LinkedHashMap<>(map));
    }

    /** @return a stage of {@link #putIfAbsent}: whether the value was stored */
    public CompletionStage<Boolean> putIfAbsentAsync(K key, V value) {
        return chains.putIfAbsent(core.codec.checkKey(key), core.codec.checkValue(value));
    }

    /** @return a stage of {@link #remove(Object)}: whether an entry was removed */
    public CompletionStage<Boolean> removeAsync(K key) {
        return chains.remove(core.codec.checkKey(key));
    }

    /** @return a stage of {@link #remove(Object, Object)}: whether the entry held {@code oldValue} and was removed */
    public CompletionStage<Boolean> removeAsync(K key, V oldValue) {
        return chains.remove(core.codec.checkKey(key), core.codec.checkValue(oldValue));
    }

    /** @return a stage of {@link #getAndRemove}: the removed value, or {@code null} */
    public CompletionStage<V> getAndRemoveAsync(K key) {
        return chains.getAndRemove(core.codec.checkKey(key));
    }

    /** @return a stage of {@link #replace(Object, Object, Object)}: whether the value was replaced */
    public CompletionStage<Boolean> replaceAsync(K key, V oldValue, V newValue) {
        return chains.replace(
                core.codec.checkKey(key), core.codec.checkValue(oldValue), core.codec.checkValue(newValue));
    }

    /** @return a stage of {@link #replace(Object, Object)}: whether there was an entry to replace */
    public CompletionStage<Boolean> replaceAsync(K key, V value) {
        return chains.replace(core.codec.checkKey(key), core.codec.checkValue(value));
    }

    /** @return a stage of {@link #getAndReplace}: the replaced value, or {@code null} if there was none */
    public CompletionStage<V> getAndReplaceAsync(K key, V value) {
        return chains.getAndReplace(core.codec.checkKey(key), core.codec.checkValue(value));
    }

    /** @return a stage of {@link #removeAll(Set)}, completed with {@code null} once every entry is removed */
    public CompletionStage<Void> removeAllAsync(Set<? extends K> keys) {
        checkKeys(keys);
        Set<K> copy = new LinkedHashSet<>(keys);
        return async.supply(() -> {
            removeAll(copy);
            return null;
        });
    }

    /** @return a stage of {@link #clear()}, completed with {@code null} once the cache is cleared */
    public CompletionStage<Void> clearAsync() {
        return async.supply(() -> {
            clear();
            return null;
        });
    }

    /** @return a stage of {@link #invoke}, chained on the asynchronous client; the processor runs on the executor */
    public <T> CompletionStage<T> invokeAsync(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        K k = core.codec.checkKey(key);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return chains.invoke(k, entryProcessor, arguments.clone());
    }

    /** @return a stage of {@link #invokeAll}, each key chained as {@link #invokeAsync}; processors run on the executor */
    public <T> CompletionStage<Map<K, EntryProcessorResult<T>>> invokeAllAsync(
            Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        checkKeys(keys);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        return chains.invokeAll(new LinkedHashSet<>(keys), entryProcessor, arguments.clone());
    }

    /** @return the resources of this cache, for the manager (statistics, MXBeans) */
    CacheResources<K, V> resources() {
        return resources;
    }

    private void ensureOpen() {
        if (root.closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private void checkEntries(Map<? extends K, ? extends V> map) {
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            core.codec.checkKey(entry.getKey());
            core.codec.checkValue(entry.getValue());
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
