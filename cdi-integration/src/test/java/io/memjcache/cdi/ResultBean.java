package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** A bean with {@code @CacheResult} methods that count their real invocations. */
@ApplicationScoped
public class ResultBean {

    private final AtomicInteger invocations = new AtomicInteger();
    /** Thrown by the failing methods while set. */
    private volatile Exception nextFailure;

    /** @return how often an annotated method really ran (tests reach the bean through a proxy: no field access) */
    public int invocations() {
        return invocations.get();
    }

    /** @param failure what the failing methods throw from now on; {@code null} to succeed */
    public void failWith(Exception failure) {
        nextFailure = failure;
    }

    @CacheResult(cacheName = "results")
    public String lookup(String id) {
        return "value-" + id + "-" + invocations.incrementAndGet();
    }

    @CacheResult(cacheName = "results", skipGet = true)
    public String refresh(String id) {
        return "value-" + id + "-" + invocations.incrementAndGet();
    }

    @CacheResult(cacheName = "maybe")
    public String nothing(String id) {
        invocations.incrementAndGet();
        return null;
    }

    @CacheResult(cacheName = "keyed")
    public String keyed(@CacheKey String id, String ignored, @CacheKey int version) {
        return id + ignored + version + "-" + invocations.incrementAndGet();
    }

    @CacheResult
    public int sum(int[] values, String[] labels) {
        invocations.incrementAndGet();
        int sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum + labels.length;
    }

    @CacheResult
    public String defaultNamed(String a, long b) {
        return a + b + "-" + invocations.incrementAndGet();
    }

    @CacheResult(
            cacheName = "loads",
            exceptionCacheName = "loadFailures",
            cachedExceptions = IllegalStateException.class,
            nonCachedExceptions = TransientFailure.class)
    public String load(String id) throws Exception {
        invocations.incrementAndGet();
        Exception failure = nextFailure;
        if (failure != null) {
            throw failure;
        }
        return "loaded-" + id;
    }

    @CacheResult(cacheName = "loads", exceptionCacheName = "loadFailures", skipGet = true)
    public String reload(String id) throws Exception {
        return load(id);
    }

    @CacheResult(cacheName = "anyLoads", exceptionCacheName = "anyLoadFailures")
    public String loadCachingAnyFailure(String id) throws Exception {
        invocations.incrementAndGet();
        Exception failure = nextFailure;
        if (failure != null) {
            throw failure;
        }
        return "loaded-" + id;
    }

    @CacheResult(cacheName = "plainLoads")
    public String loadWithoutExceptionCache(String id) throws IOException {
        invocations.incrementAndGet();
        throw new IOException("cannot read " + id);
    }

    /** An {@link IllegalStateException} that {@link #load} must not cache. */
    public static class TransientFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public TransientFailure(String message) {
            super(message);
        }
    }
}
