package io.memjcache.jcache;

import io.memjcache.jcache.configuration.ProviderSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The JCache {@link CachingProvider} of memjcache, found through {@code META-INF/services}. Cache managers are kept
 * per (class loader, URI): asking twice returns the same open manager, whose properties are those of the first
 * request. The default URI {@code memjcache:default} uses the settings from system properties, or the embedded
 * server when none are given.
 *
 * <p>Thread-safe. {@code null} URI, class loader or properties mean the defaults.
 */
public final class MemjcacheCachingProvider implements CachingProvider {

    /** Managers by class loader, then URI; weak on the loader so that undeployed applications are not pinned. */
    private final Map<ClassLoader, Map<URI, MemjcacheCacheManager>> managers = new WeakHashMap<>();

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
            Map<URI, MemjcacheCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
            MemjcacheCacheManager manager = byUri.get(managerUri);
            if (manager == null || manager.isClosed()) {
                manager = new MemjcacheCacheManager(this, managerUri, loader, managerProperties);
                byUri.put(managerUri, manager);
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
        for (MemjcacheCacheManager manager : snapshot(null, null)) {
            manager.close();
        }
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        for (MemjcacheCacheManager manager : snapshot(loader, null)) {
            manager.close();
        }
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        for (MemjcacheCacheManager manager : snapshot(loader, managerUri)) {
            manager.close();
        }
    }

    private List<MemjcacheCacheManager> snapshot(@Nullable ClassLoader loader, @Nullable URI uri) {
        List<MemjcacheCacheManager> result = new ArrayList<>();
        synchronized (managers) {
            managers.forEach((l, byUri) -> {
                if (loader == null || loader == l) {
                    byUri.forEach((u, manager) -> {
                        if (uri == null || uri.equals(u)) {
                            result.add(manager);
                        }
                    });
                }
            });
        }
        return result;
    }

    /** Forgets a manager that is closing, so the next request for its URI creates a fresh one. */
    void forget(MemjcacheCacheManager manager) {
        synchronized (managers) {
            Map<URI, MemjcacheCacheManager> byUri = managers.get(manager.getClassLoader());
            if (byUri != null) {
                byUri.remove(manager.getURI(), manager);
                if (byUri.isEmpty()) {
                    managers.remove(manager.getClassLoader());
                }
            }
        }
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
