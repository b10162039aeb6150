package io.memjcache.jcache;

import io.memjcache.jcache.configuration.ProviderSettings;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache {@link CachingProvider} of memjcache, found through {@code META-INF/services}. Cache managers are kept
 * per (class loader, URI): asking twice returns the same open manager, whose properties are those of the first
 * request. The provider does not keep class loaders reachable: a manager the application dropped without closing
 * stays registered while its class loader lives, and is released with it (see {@link ManagerRegistry}). The default URI {@code memjcache:default} uses the settings from system properties, or the embedded
 * server when none are given.
 *
 * <p>Thread-safe. {@code null} URI, class loader or properties mean the defaults.
 */
public final class MemjcacheCachingProvider implements CachingProvider {

    /** Managers by class loader, then URI; never keeps a class loader reachable (undeployed applications). */
    private final ManagerRegistry managers = new ManagerRegistry();

    /** Creates the provider; normally done by {@link javax.cache.Caching}. */
    public MemjcacheCachingProvider() {
        // The provider holds no resources until a cache manager is requested.
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Properties managerProperties = properties == null ? getDefaultProperties() : properties;
        synchronized (managers) {
            MemjcacheCacheManager manager = managers.get(loader, managerUri);
            if (manager == null || manager.isClosed()) {
                manager = new MemjcacheCacheManager(this, managerUri, loader, managerProperties);
                managers.put(manager);
            }
            return manager;
        }
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return ProviderSettings.defaultUri();
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public void close() {
        for (MemjcacheCacheManager manager : managers.snapshot(null, null)) {
            manager.close();
        }
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        for (MemjcacheCacheManager manager : managers.snapshot(loader, null)) {
            manager.close();
        }
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        for (MemjcacheCacheManager manager : managers.snapshot(loader, managerUri)) {
            manager.close();
        }
    }

    /** Forgets a manager that is closing, so the next request for its URI creates a fresh one. */
    void forget(MemjcacheCacheManager manager) {
        managers.remove(manager);
    }

    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        return false;
    }

    @Override
    public String toString() {
        return "MemjcacheCachingProvider";
    }
}
