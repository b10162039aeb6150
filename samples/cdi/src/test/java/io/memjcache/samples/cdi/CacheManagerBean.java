package io.memjcache.samples.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import java.util.Objects;
import javax.cache.CacheManager;

/**
 * Offers one given {@link CacheManager} as a bean, the way an application selects where its annotated caches live
 * (memjcache's CDI integration uses an application's CacheManager bean when there is one).
 *
 * <p>Thread-safe: the container calls the observer once, from one thread. The manager must not be {@code null}.
 */
final class CacheManagerBean implements Extension {

    private final CacheManager cacheManager;

    CacheManagerBean(CacheManager cacheManager) {
        this.cacheManager = Objects.requireNonNull(cacheManager, "cacheManager");
    }

    void addBean(@Observes AfterBeanDiscovery discovery) {
        discovery
                .addBean()
                .beanClass(CacheManagerBean.class)
                .types(CacheManager.class, Object.class)
                .scope(Singleton.class)
                .createWith(context -> cacheManager);
    }
}
