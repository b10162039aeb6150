package io.memjcache.samples.springboot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.springframework.stereotype.Service;

/**
 * City populations, cached with the standard JSR-107 annotations ({@code javax.cache.annotation}), which Spring
 * honours as well as its own when the JCache API is on the class path. The map stands for a slow data source;
 * {@link #lookups()} counts how often it was really read.
 *
 * <p>Thread-safe. City names must not be {@code null}; results are never {@code null}.
 */
@Service
public class CityDirectory {

    private final Map<String, Long> populations = new ConcurrentHashMap<>(Map.of(
            "Lyon", 522_250L,
            "Porto", 231_800L,
            "Graz", 298_479L,
            "Aarhus", 290_598L));
    private final AtomicInteger lookups = new AtomicInteger();

    /**
     * @return the city's population; cached under the city's name
     * @throws IllegalArgumentException if the city is unknown (nothing is cached then)
     */
    @CacheResult(cacheName = CacheNames.CITY_POPULATIONS)
    public long population(String city) {
        lookups.incrementAndGet();
        Long population = populations.get(city);
        if (population == null) {
            throw new IllegalArgumentException("unknown city " + city);
        }
        return population;
    }

    /** Records a new census figure in the source and, through {@code @CachePut}, in the cache. */
    @CachePut(cacheName = CacheNames.CITY_POPULATIONS)
    public void recordCensus(@CacheKey String city, @CacheValue long population) {
        populations.put(city, population);
    }

    /** Drops the city's cached population, so the next {@link #population} call reads the source again. */
    @CacheRemove(cacheName = CacheNames.CITY_POPULATIONS)
    public void forget(String city) {
        // The annotation does the work: the source keeps the city.
    }

    /** @return how often {@link #population} really read the source (cache misses) */
    public int lookups() {
        return lookups.get();
    }
}
