package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/** With a CacheManager bean in the application, the integration uses it and not the provider's default manager. */
class ProducedCacheManagerTest extends CdiCachingTestBase {

    @Override
    Class<?>[] beanClasses() {
        return new Class<?>[] {ProducedManagerBean.class};
    }

    @Override
    boolean offersCacheManagerBean() {
        return true;
    }

    @Test
    void cachesAreCreatedInTheApplicationsCacheManager() {
        CacheManager defaultManager = Caching.getCachingProvider().getCacheManager();
        assertNotSame(defaultManager, cdi.cacheManager());
        assertEquals("hello ann", bean(ProducedManagerBean.class).greet("ann"));
        assertEquals("hello ann", cache("producedManagerOnly").get(new DefaultGeneratedCacheKey("ann")));
        assertNull(defaultManager.getCache("producedManagerOnly"));
    }
}
