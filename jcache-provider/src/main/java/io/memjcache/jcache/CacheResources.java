package io.memjcache.jcache;

import io.memjcache.jcache.event.EventDispatcher;
import io.memjcache.jcache.expiry.ExpiryDeadline;
import io.memjcache.jcache.integration.LoaderAdapter;
import io.memjcache.jcache.integration.WriterAdapter;
import io.memjcache.jcache.management.CacheStatistics;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.Serializer;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.support.ConfiguredResources;
import io.memjcache.jcache.support.DaemonThreads;
import java.io.Closeable;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * What one cache owns besides its entries: its live configuration, the objects made from the configuration's
 * factories (expiry policy, loader, writer, listeners), statistics and the thread running loadAll. Closing the
 * cache closes every one of those that is {@link Closeable}, as the specification requires.
 *
 * <p>Thread-safe. The loader and writer are {@code null} when not configured.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheResources<K, V> {

    private static final Logger LOG = Logger.getLogger(CacheResources.class.getName());

    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final EntryStore store;
    private final Serializer serializer;
    private final AllowedClasses allowedClasses;
    private final ClassLoader classLoader;
    private final InstantSource clock;
    private final @Nullable NearCache near;
    private final CacheStatistics statistics = new CacheStatistics();
    private final ExpiryPolicy expiryPolicy;
    private final @Nullable CacheLoader<K, V> loader;
    private final @Nullable CacheWriter<? super K, ? super V> writer;
    private @Nullable EventDispatcher<K, V> dispatcher;
    private @Nullable CacheCore<K, V> core;
    private @Nullable ExecutorService loadExecutor;
    private @Nullable ExecutorService asyncExecutor;

    /** Threads of the default executor of the asynchronous calls: each holds one call while it waits. */
    static final int ASYNC_THREADS = 16;

    /** Calls the default executor queues beyond its busy threads before it refuses more (back pressure). */
    static final int ASYNC_QUEUE = 65_536;

    CacheResources(
            String name,
            CompleteConfiguration<K, V> configuration,
            EntryStore store,
            Serializer serializer,
            AllowedClasses allowedClasses,
            ClassLoader classLoader,
            InstantSource clock,
            @Nullable NearCache near) {
        this.name = name;
        this.configuration = new MutableConfiguration<>(configuration);
        this.store = store;
        this.serializer = serializer;
        this.allowedClasses = allowedClasses;
        this.classLoader = classLoader;
        this.clock = clock;
        this.near = near;
        this.expiryPolicy = configuration.getExpiryPolicyFactory().create();
        this.loader = configuration.getCacheLoaderFactory() == null
                ? null
                : configuration.getCacheLoaderFactory().create();
        this.writer = configuration.getCacheWriterFactory() == null || !configuration.isWriteThrough()
                ? null
                : configuration.getCacheWriterFactory().create();
    }

    /** Builds the operations' shared state for {@code cache}, registering the configured listeners. */
    synchronized CacheCore<K, V> core(MemjcacheCache<K, V> cache) {
        dispatcher = new EventDispatcher<>(cache);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            dispatcher.register(listener);
        }
        ValueCodec<K, V> codec = new ValueCodec<>(
                name,
                serializer,
                classLoader,
                configuration.getKeyType(),
                configuration.getValueType(),
                allowedClasses);
        core = new CacheCore<>(
                codec,
                store,
                new ExpiryDeadline(expiryPolicy, clock),
                dispatcher,
                statistics,
                loader == null ? null : new LoaderAdapter<>(loader),
                configuration.isReadThrough(),
                writer == null ? null : new WriterAdapter<>(writer),
                InstantSource.system(),
                near,
                configuration.isStoreByValue());
        core.setStatisticsEnabled(configuration.isStatisticsEnabled());
        return core;
    }

    /** @return a copy of the live configuration: changing it does not change the cache */
    synchronized CompleteConfiguration<K, V> configurationSnapshot() {
        return new MutableConfiguration<>(configuration);
    }

    synchronized void registerListener(CacheEntryListenerConfiguration<K, V> listener) {
        Objects.requireNonNull(dispatcher, "core(cache) not called").register(listener);
        configuration.addCacheEntryListenerConfiguration(listener);
    }

    synchronized void deregisterListener(CacheEntryListenerConfiguration<K, V> listener) {
        Objects.requireNonNull(dispatcher, "core(cache) not called").deregister(listener);
        configuration.removeCacheEntryListenerConfiguration(listener);
    }

    synchronized void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        Objects.requireNonNull(core, "core(cache) not called").setStatisticsEnabled(enabled);
    }

    synchronized void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
    }

    CacheStatistics statistics() {
        return statistics;
    }

    EntryStore store() {
        return store;
    }

    /** @return the cache's near cache, or {@code null} when it has none */
    @Nullable
    NearCache near() {
        return near;
    }

    /** @return the thread pool running loadAll, created on first use */
    synchronized ExecutorService loadExecutor() {
        if (loadExecutor == null) {
            loadExecutor = Executors.newCachedThreadPool(DaemonThreads.named("memjcache-loadAll-" + name));
        }
        return loadExecutor;
    }

    /**
     * @return the default executor of the cache's asynchronous calls, made at the first call: {@value
     *         #ASYNC_THREADS} daemon threads named {@code memjcache-async-<cache>-<n>} (idle ones end after a
     *         minute) and a queue of {@value #ASYNC_QUEUE} calls, beyond which calls are refused
     */
    synchronized ExecutorService asyncExecutor() {
        if (asyncExecutor == null) {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(
                    ASYNC_THREADS,
                    ASYNC_THREADS,
                    1,
                    TimeUnit.MINUTES,
                    new LinkedBlockingQueue<>(ASYNC_QUEUE),
                    DaemonThreads.named("memjcache-async-" + name));
            executor.allowCoreThreadTimeOut(true);
            asyncExecutor = executor;
        }
        return asyncExecutor;
    }

    synchronized void close() {
        if (loadExecutor != null) {
            loadExecutor.shutdown();
        }
        if (asyncExecutor != null) {
            asyncExecutor.shutdown();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        ConfiguredResources.closeIfCloseable(expiryPolicy, LOG);
        ConfiguredResources.closeIfCloseable(loader, LOG);
        ConfiguredResources.closeIfCloseable(writer, LOG);
    }
}
