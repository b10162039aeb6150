package io.memjcache.samples.springboot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one cache's Micrometer meters, as Boot binds them for JCache caches ({@code JCacheMetrics}, which
 * reads the cache's JSR-107 statistics MXBean): {@code cache.gets} tagged {@code result=hit} and
 * {@code result=miss}, and {@code cache.puts}.
 *
 * <p>Immutable and thread-safe. {@link #of} throws {@link MeterNotFoundException} if the cache has no such meters
 * (it was not bound at startup).
 *
 * @param hits reads that found an entry
 * @param misses reads that found none
 * @param puts entries written
 */
public record CacheCounts(long hits, long misses, long puts) {

    /** @return the current counts of the cache named {@code cacheName} in {@code registry} */
    public static CacheCounts of(MeterRegistry registry, String cacheName) {
        return new CacheCounts(
                count(registry, "cache.gets", cacheName, "hit"),
                count(registry, "cache.gets", cacheName, "miss"),
                count(registry, "cache.puts", cacheName, null));
    }

    /** @return the counts that happened between {@code earlier} and this snapshot */
    public CacheCounts since(CacheCounts earlier) {
        return new CacheCounts(hits - earlier.hits, misses - earlier.misses, puts - earlier.puts);
    }

    @Override
    public String toString() {
        return hits + " hit(s), " + misses + " miss(es), " + puts + " put(s)";
    }

    private static long count(MeterRegistry registry, String meter, String cacheName, @Nullable String result) {
        var search = registry.get(meter).tag("cache", cacheName);
        FunctionCounter counter = (result == null ? search : search.tag("result", result)).functionCounter();
        return (long) counter.count();
    }
}
