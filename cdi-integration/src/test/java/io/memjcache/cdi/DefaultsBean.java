package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** A bean whose cache name comes from {@code @CacheDefaults} unless a method names its own. */
@ApplicationScoped
@CacheDefaults(cacheName = "domains")
public class DefaultsBean {

    private final AtomicInteger invocations = new AtomicInteger();

    public int invocations() {
        return invocations.get();
    }

    @CacheResult
    public String find(String id) {
        return id + "-" + invocations.incrementAndGet();
    }

    @CacheResult(cacheName = "allDomains")
    public String findAll() {
        return "all-" + invocations.incrementAndGet();
    }

    @CacheRemove
    public void forget(String id) {
        invocations.incrementAndGet();
    }
}
