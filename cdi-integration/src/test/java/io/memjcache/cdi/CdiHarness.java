package io.memjcache.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * A CDI SE container booted with a few bean classes and nothing else: bean discovery is off, so the caching
 * interceptors can only come from the service-loaded {@link CacheAnnotationsExtension}. With the reference
 * memcached, or when asked, the application gets a {@link CacheManager} bean; otherwise the integration falls back
 * to the provider's default (embedded) cache manager. Closing it destroys every cache the test created.
 */
final class CdiHarness implements AutoCloseable {

    /** The URI of the cache manager offered as a bean on the embedded server. */
    static final URI PRODUCED_MANAGER_URI = URI.create("memjcache:cdi-produced");

    private final SeContainer container;
    private final CacheManager cacheManager;
    private final boolean managerIsBean;

    private CdiHarness(SeContainer container, CacheManager cacheManager, boolean managerIsBean) {
        this.container = container;
        this.cacheManager = cacheManager;
        this.managerIsBean = managerIsBean;
    }

    static CdiHarness boot(Environment environment, boolean cacheManagerBean, Class<?>... beanClasses) {
        CachingProvider provider = Caching.getCachingProvider();
        boolean managerIsBean = cacheManagerBean || environment.usesReferenceMemcached();
        CacheManager manager;
        if (environment.usesReferenceMemcached()) {
            Properties properties = new Properties();
            properties.setProperty("memjcache.servers", SharedReferenceMemcached.address());
            manager = provider.getCacheManager(
                    URI.create("memjcache:cdi-reference"), provider.getDefaultClassLoader(), properties);
        } else if (managerIsBean) {
            manager = provider.getCacheManager(PRODUCED_MANAGER_URI, provider.getDefaultClassLoader());
        } else {
            manager = provider.getCacheManager();
        }
        SeContainerInitializer initializer = environment.newInitializer().addBeanClasses(beanClasses);
        if (managerIsBean) {
            initializer.addExtensions(new CacheManagerBeanExtension(manager));
        }
        return new CdiHarness(initializer.initialize(), manager, managerIsBean);
    }

    /** @return the cache manager the integration is expected to use */
    CacheManager cacheManager() {
        return cacheManager;
    }

    boolean cacheManagerIsBean() {
        return managerIsBean;
    }

    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    @Override
    public void close() {
        try {
            container.close();
        } finally {
            List<String> names = new ArrayList<>();
            cacheManager.getCacheNames().forEach(names::add);
            for (String name : names) {
                cacheManager.getCache(name).clear();
                cacheManager.destroyCache(name);
            }
        }
    }
}
