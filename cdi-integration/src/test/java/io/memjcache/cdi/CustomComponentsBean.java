package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** A bean naming a custom resolver factory and key generator at class level. */
@ApplicationScoped
@CacheDefaults(
        cacheResolverFactory = RecordingResolverFactory.class,
        cacheKeyGenerator = CaseInsensitiveKeyGenerator.class)
public class CustomComponentsBean {

    private final AtomicInteger invocations = new AtomicInteger();

    public int invocations() {
        return invocations.get();
    }

    @CacheResult(cacheName = "names")
    public String name(String id) {
        return id + "-" + invocations.incrementAndGet();
    }

    /** Spells out the annotation's default values, which mean "unspecified": the class defaults still apply. */
    @CacheResult(
            cacheName = "explicitDefaults",
            cacheResolverFactory = CacheResolverFactory.class,
            cacheKeyGenerator = CacheKeyGenerator.class)
    public String explicitDefaults(String id) {
        return id + "-" + invocations.incrementAndGet();
    }
}
