package io.memjcache.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import javax.cache.CacheManager;

/** A test extension that makes one given {@link CacheManager} a bean of the application, as an application would. */
public class CacheManagerBeanExtension implements Extension {

    private final CacheManager cacheManager;

    CacheManagerBeanExtension(CacheManager cacheManager) {
        this.cacheManager = cacheManager;
    }

    void addCacheManagerBean(@Observes AfterBeanDiscovery discovery) {
        discovery
                .addBean()
                .beanClass(CacheManagerBeanExtension.class)
                .types(CacheManager.class, Object.class)
                .scope(Singleton.class)
                .createWith(context -> cacheManager);
    }
}
