package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheValue;

/**
 * A bean with {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} methods on the cache "store"; each
 * method throws the failure set with {@link #failWith} and records whether the entry existed while it ran.
 */
@ApplicationScoped
public class WriteBean {

    private final AtomicInteger invocations = new AtomicInteger();
    private volatile RuntimeException nextFailure;

    public int invocations() {
        return invocations.get();
    }

    public void failWith(RuntimeException failure) {
        nextFailure = failure;
    }

    private void run() {
        invocations.incrementAndGet();
        RuntimeException failure = nextFailure;
        if (failure != null) {
            throw failure;
        }
    }

    @CachePut(cacheName = "store")
    public void put(String id, @CacheValue String value) {
        run();
    }

    @CachePut(cacheName = "store", afterInvocation = false)
    public void putBefore(String id, @CacheValue String value) {
        run();
    }

    @CachePut(cacheName = "store", cacheFor = IllegalStateException.class)
    public void putForIllegalState(String id, @CacheValue String value) {
        run();
    }

    @CachePut(cacheName = "store", noCacheFor = IllegalArgumentException.class)
    public void putUnlessIllegalArgument(String id, @CacheValue String value) {
        run();
    }

    @CachePut(cacheName = "store")
    public String putWithKey(@CacheKey String id, int ignored, @CacheValue String value) {
        run();
        return "put " + value;
    }

    @CacheRemove(cacheName = "store")
    public void remove(String id) {
        run();
    }

    @CacheRemove(cacheName = "store", afterInvocation = false)
    public void removeBefore(String id) {
        run();
    }

    @CacheRemove(cacheName = "store", evictFor = IllegalStateException.class)
    public void removeForIllegalState(String id) {
        run();
    }

    @CacheRemove(cacheName = "store", noEvictFor = IllegalArgumentException.class)
    public void removeUnlessIllegalArgument(String id) {
        run();
    }

    @CacheRemoveAll(cacheName = "store")
    public void removeAll() {
        run();
    }

    @CacheRemoveAll(cacheName = "store", afterInvocation = false)
    public void removeAllBefore() {
        run();
    }

    @CacheRemoveAll(cacheName = "store", evictFor = IllegalStateException.class)
    public void removeAllForIllegalState() {
        run();
    }
}
