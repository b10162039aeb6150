package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** A bean annotated {@code @CacheResult} at class level: every method caches unless it says otherwise. */
@ApplicationScoped
@CacheResult(cacheName = "classLevel")
public class ClassLevelBean {

    private final AtomicInteger invocations = new AtomicInteger();

    public String compute(String id) {
        return id + "-" + invocations.incrementAndGet();
    }

    @CacheRemove(cacheName = "classLevel")
    public void evict(String id) {
        invocations.incrementAndGet();
    }
}
