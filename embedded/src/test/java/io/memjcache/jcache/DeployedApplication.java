package io.memjcache.jcache;

import java.net.URI;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * Stands for an application's own code: a test has its own class loader define this class, so that the provider
 * is called, and starts its threads, with a class of that loader on the stack. Uses public API only (the class
 * does not share a runtime package with the test). Stateless and thread-safe.
 */
public final class DeployedApplication implements Consumer<URI> {

    /** Creates the application; done reflectively by the tests. */
    public DeployedApplication() {
        // no state
    }

    /** Creates a manager of this class's loader on {@code uri} and uses a cache of it, leaving it open. */
    @Override
    public void accept(URI uri) {
        CacheManager manager = Caching.getCachingProvider(MemjcacheCachingProvider.class.getName())
                .getCacheManager(uri, getClass().getClassLoader(), new Properties());
        Cache<String, String> cache = manager.createCache(
                "application", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.put("k", "v");
        if (!"v".equals(cache.get("k"))) {
            throw new IllegalStateException("the cache lost its entry");
        }
    }
}
