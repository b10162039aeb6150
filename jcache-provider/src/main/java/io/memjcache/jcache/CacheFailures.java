package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * The one translation of the memcached client's failures into what the JCache API promises: every path from the
 * API into memcached (cache operations, the cache's iterator, the manager's destroyCache) runs through
 * {@link #translate}, so the client's internal {@link MemcachedException} never reaches the application; a
 * {@link CacheException} naming the cache and the server does.
 *
 * <p>Stateless and thread-safe. Arguments must not be {@code null}; {@link #translate} returns what the operation
 * returns.
 */
final class CacheFailures {

    private CacheFailures() {}

    /**
     * Runs an operation of cache {@code cacheName}, reporting a memcached failure as a {@link CacheException}
     * whose message names the cache and the server (the client's message always names the server).
     */
    static <R> R translate(String cacheName, Supplier<R> operation) {
        try {
            return operation.get();
        } catch (MemcachedException e) {
            throw translated(cacheName, e);
        }
    }

    /** @return the {@link CacheException} reporting a memcached failure of an operation of cache {@code cacheName} */
    static CacheException translated(String cacheName, MemcachedException e) {
        return new CacheException("cache " + cacheName + ": " + e.getMessage(), e);
    }

    /** As {@link #translate(String, Supplier)} for an operation without a result. */
    static void run(String cacheName, Runnable operation) {
        translate(cacheName, () -> {
            operation.run();
            return null;
        });
    }
}
