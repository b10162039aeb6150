package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.configuration.NearCacheSettings;
import io.memjcache.jcache.configuration.ProviderSettings;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.Serializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.DeleteMarkers;
import io.memjcache.jcache.store.EntryStore;
import java.net.URI;
import java.time.InstantSource;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Makes the resources of a new cache of one {@link MemjcacheCacheManager}, as the manager's settings say: its
 * namespace on the servers, its entry store, its near cache (registered with the manager's watch streams in
 * eventual mode), its serializer. The manager keeps the caches it made and their MXBeans.
 *
 * <p>Thread-safe: immutable, and what it uses is thread-safe. Arguments must not be {@code null}; nothing returns
 * null.
 */
final class CacheAssembly {

    /** The manager's logger: what a cache's creation logs is the manager's to say. */
    private static final System.Logger LOG = System.getLogger(MemjcacheCacheManager.class.getName());

    private final URI uri;
    private final ClassLoader classLoader;
    private final MemcachedClient client;
    private final ManagerResources external;
    private final Serializer serializer;
    private final AllowedClasses allowedClasses;
    private final String namespace;
    /** The near cache settings of a cache, by its name. */
    private final Function<String, NearCacheSettings> nearCacheSettings;

    CacheAssembly(
            URI uri,
            ProviderSettings settings,
            ClassLoader classLoader,
            MemcachedClient client,
            ManagerResources external) {
        this.uri = uri;
        this.classLoader = classLoader;
        this.client = client;
        this.external = external;
        this.serializer = settings.serializer();
        this.allowedClasses = settings.allowedClasses();
        this.namespace = settings.namespace(uri);
        this.nearCacheSettings = settings::nearCache;
    }

    /**
     * @param clock what the cache's expiry decisions read
     * @throws CacheException when the cache's near cache settings cannot be applied
     */
    <K, V> CacheResources<K, V> resources(String cacheName, CompleteConfiguration<K, V> complete, InstantSource clock) {
        NearCacheSettings nearSettings = nearCacheSettings.apply(cacheName);
        CacheNamespace cacheNamespace = CacheNamespace.of(namespace, cacheName);
        NearCache near = nearCache(cacheName, nearSettings);
        // Eventual mode, even without a near cache of its own (maxEntries 0): this JVM's deletes must be seen
        // by the other JVMs' watch streams, so they are marked on servers that do not log deletes.
        boolean eventual = nearSettings.consistency() == NearCacheSettings.Consistency.EVENTUAL;
        DeleteMarkers markers = eventual ? external.watches() : DeleteMarkers.NEVER;
        EntryStore store = new EntryStore(client, cacheNamespace, markers, near);
        if (near != null && eventual) {
            try {
                near.watchedBy(external.watches().register(cacheNamespace, near, nearSettings.maxStaleness()));
            } catch (IllegalArgumentException e) {
                throw new CacheException(
                        "cache " + cacheName + ": memjcache.nearCache.maxStaleness: " + e.getMessage(), e);
            }
        }
        return new CacheResources<>(cacheName, complete, store, serializer, allowedClasses, classLoader, clock, near);
    }

    /** @return the near cache the settings give the cache, or {@code null} for none */
    private @Nullable NearCache nearCache(String cacheName, NearCacheSettings near) {
        if (!near.enabled()) {
            return null;
        }
        if (client.replicas() > 1) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cache {0} of {1}: the near cache is ignored when memjcache.replicas is above 1 (a replica''s"
                            + " copy has no CAS token of the owner''s item to check a near entry against)",
                    cacheName,
                    uri);
            return null;
        }
        return new NearCache(near.maxEntries(), near.maxBytes());
    }

    /** @return {@code configuration} as a complete one: itself, or its types and store-by-value on defaults */
    static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            return complete;
        }
        return new MutableConfiguration<K, V>()
                .setTypes(configuration.getKeyType(), configuration.getValueType())
                .setStoreByValue(configuration.isStoreByValue());
    }
}
