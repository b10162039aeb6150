package io.memjcache.jcache;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.configuration.ProviderSettings;
import io.memjcache.jcache.management.CacheConfigurationMXBean;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.management.ServerStatisticsMXBean;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.support.Unwrapping;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link CacheManager} on memcached. Its caches live under keys derived from its URI and their names, so
 * managers with the same URI in different JVMs (on the same servers) share caches, and managers with different
 * URIs are isolated. It owns one memcached client, and a reference to the embedded server when no servers are
 * configured ({@link ManagerResources}).
 *
 * <p>A manager the application drops without closing it stays registered with its provider as long as its class
 * loader is reachable ({@link ManagerRegistry}); once the manager is unreachable too, its client, embedded server
 * reference and MXBeans are released by a cleaner, and its class loader can be collected. Its caches' entries stay
 * on the servers, as after {@code close()}. Cache-level resources that belong to the application (closeable
 * loaders, writers, listeners, expiry policies) are not closed for it then: that would need them reachable, which is
 * the leak. Only {@code close()} closes them.
 *
 * <p>Thread-safe. Method arguments must not be {@code null} ({@link NullPointerException}); {@code getCache}
 * returns {@code null} for an unknown cache.
 */
public final class MemjcacheCacheManager implements CacheManager {

    private static final System.Logger LOG = System.getLogger(MemjcacheCacheManager.class.getName());

    private final MemjcacheCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final MemcachedClient client;
    private final ManagerResources external;
    private final Cleaner.Cleanable cleanable;
    private final Map<String, MemjcacheCache<?, ?>> caches = new ConcurrentHashMap<>();
    /** Makes the resources of each new cache. */
    private final CacheAssembly assembly;

    private volatile InstantSource clock = InstantSource.system();
    private volatile boolean closed;

    MemjcacheCacheManager(MemjcacheCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = new Properties();
        this.properties.putAll(properties);
        ProviderSettings settings = ProviderSettings.resolve(uri, this.properties, classLoader);
        for (String warning : settings.warnings()) {
            LOG.log(System.Logger.Level.WARNING, "cache manager " + uri + ": " + warning);
        }
        EmbeddedServer.Lease embedded = null;
        ClientConfig clientConfig;
        if (settings.embedded()) {
            embedded = EmbeddedServer.acquire(
                    settings.embeddedMemoryMegabytes(), settings.embeddedMaxItemSize(), classLoader);
            clientConfig = settings.withServers(List.of(embedded.address()));
            LOG.log(System.Logger.Level.INFO, "cache manager " + uri + " uses " + embedded.describe());
        } else {
            clientConfig = settings.clientConfig();
            LOG.log(System.Logger.Level.INFO, "cache manager " + uri + " uses " + settings.describeBackend());
        }
        if (settings.tlsWithoutHostnameVerification()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cache manager {0}: memjcache.tls.verifyHostname=false: the servers'' certificates are checked "
                            + "against the CA, but not their names; anyone with a certificate from that CA can "
                            + "pose as a server",
                    uri);
        }
        this.client = MemcachedClient.create(clientConfig, settings.replicas());
        if (settings.checkOnStart()) {
            checkServers(client, embedded);
        }
        ManagerResources.Registered registered = ManagerResources.register(this, client, embedded);
        this.external = registered.resources();
        this.cleanable = registered.cleanable();
        this.assembly = new CacheAssembly(uri, settings, classLoader, client, external);
        try {
            Map<ObjectName, ServerStatisticsMXBean> serverBeans = new LinkedHashMap<>();
            for (ServerStatisticsMXBean statistics : client.serverStatistics()) {
                serverBeans.put(MBeans.serverObjectName(uri, statistics.getServer()), statistics);
            }
            external.registerSoon(serverBeans);
        } catch (CacheException e) {
            cleanable.clean();
            throw e;
        }
    }

    /** Fails, closing what the manager opened so far, when any server cannot serve (memjcache.checkOnStart). */
    private static void checkServers(MemcachedClient client, EmbeddedServer.@Nullable Lease embedded) {
        List<String> problems = List.of();
        boolean passed = false;
        try {
            problems = client.checkServers();
            passed = problems.isEmpty();
        } finally {
            if (!passed) {
                client.close();
                if (embedded != null) {
                    embedded.release();
                }
            }
        }
        if (!passed) {
            throw new CacheException("memjcache.checkOnStart: " + problems.size() + " of "
                    + client.servers().size() + " servers cannot serve:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Sets the clock that caches created afterwards use for every expiry decision. A test hook (the default is
     * the system clock); package-private on purpose.
     */
    void useClock(InstantSource newClock) {
        this.clock = Objects.requireNonNull(newClock, "clock");
    }

    /** @return the memcached client of this manager; a test hook (raw access to the same servers) */
    MemcachedClient client() {
        return client;
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        CompleteConfiguration<K, V> complete = CacheAssembly.complete(configuration);
        synchronized (caches) {
            if (caches.containsKey(cacheName)) {
                throw new CacheException("cache " + cacheName + " already exists");
            }
            CacheResources<K, V> resources = assembly.resources(cacheName, complete, clock);
            NearCache near = resources.near();
            MemjcacheCache<K, V> cache = new MemjcacheCache<>(cacheName, this, resources);
            caches.put(cacheName, cache);
            if (near != null) {
                external.registerBean(near.statistics(), MBeans.nearObjectName(uri, cacheName));
            }
            if (complete.isStatisticsEnabled()) {
                external.registerBean(resources.statistics(), objectName(MBeans.STATISTICS, cacheName));
            }
            if (complete.isManagementEnabled()) {
                registerConfigurationBean(cache);
            }
            return cache;
        }
    }

    @Override
    public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        MemjcacheCache<?, ?> cache = managedCache(cacheName);
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        if (cache == null) {
            return null;
        }
        CompleteConfiguration<?, ?> configuration = cache.resources().configurationSnapshot();
        if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
            throw new ClassCastException("cache " + cacheName + " holds "
                    + configuration.getKeyType().getName()
                    + " -> " + configuration.getValueType().getName() + ", not " + keyType.getName() + " -> "
                    + valueType.getName());
        }
        @SuppressWarnings("unchecked") // the configured types were just checked to be K and V
        Cache<K, V> typed = (Cache<K, V>) cache;
        return typed;
    }

    @Override
    public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        @SuppressWarnings("unchecked") // JCache 1.1: the untyped lookup is unchecked by definition
        @Nullable
        Cache<K, V> cache = (Cache<K, V>) caches.get(cacheName);
        return cache;
    }

    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        MemjcacheCache<?, ?> cache = managedCache(cacheName);
        if (cache != null) {
            // On failure the cache stays open and managed: entries on an unreachable server were not cleared, and
            // a new cache of that name would see them again, so the caller has to retry destroyCache.
            CacheFailures.run(cacheName, () -> cache.resources().store().clear());
            release(cache);
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        MemjcacheCache<?, ?> cache = managedCache(cacheName);
        if (cache == null) {
            return;
        }
        cache.resources().setManagementEnabled(enabled);
        if (enabled) {
            registerConfigurationBean(cache);
        } else {
            external.unregisterBean(objectName(MBeans.CONFIGURATION, cacheName));
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        MemjcacheCache<?, ?> cache = managedCache(cacheName);
        if (cache == null) {
            return;
        }
        cache.resources().setStatisticsEnabled(enabled);
        if (enabled) {
            external.registerBean(cache.resources().statistics(), objectName(MBeans.STATISTICS, cacheName));
        } else {
            external.unregisterBean(objectName(MBeans.STATISTICS, cacheName));
        }
    }

    private void registerConfigurationBean(MemjcacheCache<?, ?> cache) {
        // The platform MBean server holds the bean strongly: it must not hold the cache (nor so the manager).
        WeakReference<CacheResources<?, ?>> weak = new WeakReference<>(cache.resources());
        String name = cache.getName();
        external.registerBean(
                new CacheConfigurationMXBean(() -> {
                    CacheResources<?, ?> live = weak.get();
                    if (live == null) {
                        throw new IllegalStateException("cache " + name + " was dropped without being closed");
                    }
                    return live.configurationSnapshot();
                }),
                objectName(MBeans.CONFIGURATION, name));
    }

    private ObjectName objectName(String type, String cacheName) {
        return MBeans.objectName(type, uri, cacheName);
    }

    /** Forgets a cache that is closing or destroyed: unregisters its MXBeans and closes its resources. */
    void release(MemjcacheCache<?, ?> cache) {
        caches.remove(cache.getName(), cache);
        external.unregisterBean(objectName(MBeans.STATISTICS, cache.getName()));
        external.unregisterBean(objectName(MBeans.CONFIGURATION, cache.getName()));
        NearCache near = cache.resources().near();
        if (near != null) {
            external.unregisterBean(MBeans.nearObjectName(uri, cache.getName()));
            near.close();
        }
        cache.closeResources();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        provider.forget(this);
        try {
            for (MemjcacheCache<?, ?> cache : new ArrayList<>(caches.values())) {
                release(cache);
            }
        } finally {
            cleanable.clean(); // the client, the embedded server reference and any bean left
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrapping.unwrap(this, clazz, "the cache manager");
    }

    /** @return the cache of that name this open manager holds, or {@code null} if it holds none */
    private @Nullable MemjcacheCache<?, ?> managedCache(String cacheName) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        return caches.get(cacheName);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache manager " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "MemjcacheCacheManager[" + uri + "]";
    }
}
