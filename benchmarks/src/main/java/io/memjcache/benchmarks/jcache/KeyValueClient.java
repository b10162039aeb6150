package io.memjcache.benchmarks.jcache;

import org.jspecify.annotations.Nullable;

/**
 * The get/put surface the 90/10 workload drives: a {@code javax.cache.Cache} or a raw memcached client. Both calls
 * are synchronous (a put has reached the server, or the cache, when it returns), so every target does the same
 * work per operation. Implementations are safe for use by many threads at once.
 */
interface KeyValueClient {

    @Nullable
    String get(String key) throws Exception;

    void put(String key, String value) throws Exception;

    /** Releases the client's connections and threads. */
    void close() throws Exception;
}
