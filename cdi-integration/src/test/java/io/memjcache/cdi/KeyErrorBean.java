package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** A bean whose key parameter may receive values that cannot be serialized. */
@ApplicationScoped
public class KeyErrorBean {

    private final AtomicInteger invocations = new AtomicInteger();

    public int invocations() {
        return invocations.get();
    }

    @CacheResult(cacheName = "describe")
    public String describe(String label, Object thing) {
        invocations.incrementAndGet();
        return label + thing;
    }

    @CacheResult(cacheName = "describeKeyed")
    public String describeKeyed(@CacheKey String label, Object notPartOfTheKey) {
        invocations.incrementAndGet();
        return label;
    }
}
