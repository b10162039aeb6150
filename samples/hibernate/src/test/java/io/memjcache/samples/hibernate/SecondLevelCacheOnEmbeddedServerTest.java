package io.memjcache.samples.hibernate;

/** The second-level cache on the sample's own settings: the memcached-compatible server embedded in this JVM. */
class SecondLevelCacheOnEmbeddedServerTest extends SecondLevelCacheContract {

    @Override
    String cacheUri() {
        return LibrarySessionFactory.DEFAULT_CACHE_URI;
    }
}
