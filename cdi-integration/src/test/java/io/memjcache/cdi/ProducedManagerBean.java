package io.memjcache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** A bean whose cache must land in the application's CacheManager bean. */
@ApplicationScoped
public class ProducedManagerBean {

    @CacheResult(cacheName = "producedManagerOnly")
    public String greet(String name) {
        return "hello " + name;
    }
}
