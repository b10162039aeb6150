package io.memjcache.samples.hibernate;

/** Two nodes sharing the memcached-compatible server embedded in this JVM (one per JVM, shared by its managers). */
class TwoNodesOnEmbeddedServerTest extends TwoNodesContract {

    @Override
    String cacheUri() {
        return LibrarySessionFactory.DEFAULT_CACHE_URI;
    }
}
