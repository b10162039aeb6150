package io.memjcache.samples.cdi;

import io.memjcache.server.testsupport.ReferenceMemcached;
import jakarta.enterprise.inject.se.SeContainer;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Where the sample's cache lives in a test: memjcache's zero-configuration default (the embedded server, used
 * because the application has no CacheManager bean), or a Debian memcached process offered as a CacheManager bean.
 *
 * <p>Thread-safe enough for JUnit's one test thread: the memcached process is started once, on first use.
 */
enum Storage {
    EMBEDDED_DEFAULT,
    REAL_MEMCACHED;

    private static ReferenceMemcached memcached;

    /** @return the cache manager the sample's cache is expected in */
    CacheManager cacheManager() {
        CachingProvider provider = Caching.getCachingProvider();
        if (this == EMBEDDED_DEFAULT) {
            return provider.getCacheManager();
        }
        return provider.getCacheManager(
                URI.create("memcached://127.0.0.1:" + memcached().port()), provider.getDefaultClassLoader());
    }

    /** @return the sample's container, wired to {@code cacheManager} */
    SeContainer boot(CacheManager cacheManager) {
        return this == EMBEDDED_DEFAULT ? CdiSample.boot() : CdiSample.boot(new CacheManagerBean(cacheManager));
    }

    /** Stops the memcached process if one was started. */
    static synchronized void stopMemcached() {
        if (memcached != null) {
            memcached.close();
            memcached = null;
        }
    }

    private static synchronized ReferenceMemcached memcached() {
        if (memcached == null) {
            memcached = ReferenceMemcached.start();
        }
        return memcached;
    }
}
