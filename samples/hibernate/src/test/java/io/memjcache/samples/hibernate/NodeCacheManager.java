package io.memjcache.samples.hibernate;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Opens a cache manager of its own for one simulated application node.
 *
 * <p>The provider keeps one manager per URI and class loader, so two session factories in one JVM would otherwise
 * share a manager (and Hibernate closing one factory would close the other's caches). A class loader per node gives
 * each node its own manager and connections, as separate JVMs have; the caches' contents are shared only through
 * memcached, because the memcached keys depend on the URI and cache name alone.
 *
 * <p>Stateless and thread-safe. No nulls.
 */
final class NodeCacheManager {

    private NodeCacheManager() {}

    /**
     * @param cacheUri what the node would give Hibernate as {@code hibernate.javax.cache.uri}: a class-path resource
     *                 name or a {@code file:} URL
     * @return a manager no other node shares, for the URI Hibernate itself would have resolved
     */
    static CacheManager open(String cacheUri) {
        CachingProvider provider = Caching.getCachingProvider(LibrarySessionFactory.PROVIDER);
        ClassLoader nodeLoader = new ClassLoader(provider.getDefaultClassLoader()) {};
        return provider.getCacheManager(resolve(cacheUri), nodeLoader);
    }

    private static URI resolve(String cacheUri) {
        try {
            if (cacheUri.startsWith("file:")) {
                return new URI(cacheUri);
            }
            URL resource = NodeCacheManager.class.getClassLoader().getResource(cacheUri);
            if (resource == null) {
                throw new IllegalArgumentException("no class-path resource " + cacheUri);
            }
            return resource.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(cacheUri, e);
        }
    }
}
