package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** A bean naming a custom resolver factory or key generator on individual methods. */
@ApplicationScoped
public class MethodLevelComponentsBean {

    private final AtomicInteger invocations = new AtomicInteger();

    public int invocations() {
        return invocations.get();
    }

    @CacheResult(cacheName = "insensitive", cacheKeyGenerator = CaseInsensitiveKeyGenerator.class)
    public String insensitive(String id) {
        return id + "-" + invocations.incrementAndGet();
    }

    @CacheResult(cacheName = "recorded", cacheResolverFactory = RecordingResolverFactory.class)
    public String recorded(String id) {
        return id + "-" + invocations.incrementAndGet();
    }
}
