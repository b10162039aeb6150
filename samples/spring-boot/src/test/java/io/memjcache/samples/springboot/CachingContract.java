package io.memjcache.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the sample claims, checked against whichever memcached its subclass points the cache manager at: the
 * services run once per key, the annotations' evict/put/remove take effect, and Micrometer's meters count hits,
 * misses and puts.
 *
 * <p>Each test uses keys no other test uses, because the tests of one class share one application context (and
 * so one cache manager and one pair of services); counts are compared before and after.
 */
abstract class CachingContract {

    @Autowired
    ExchangeRateService rates;

    @Autowired
    CityDirectory cities;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CacheManager cacheManager;

    /** @return the resource name of the properties file the subclass's cache manager is configured with */
    abstract String configResource();

    @Test
    void cacheableComputesEachRateOnceAndTheMetersCountHitsAndMisses() {
        int computationsBefore = rates.computations();
        CacheCounts countsBefore = CacheCounts.of(meters, CacheNames.EXCHANGE_RATES);

        BigDecimal first = rates.rate("EUR", "USD");
        BigDecimal second = rates.rate("EUR", "USD");
        BigDecimal third = rates.rate("EUR", "USD");

        assertEquals(new BigDecimal("1.085776"), first);
        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(1, rates.computations() - computationsBefore, "computations for 3 calls");
        assertEquals(
                new CacheCounts(2, 1, 1),
                CacheCounts.of(meters, CacheNames.EXCHANGE_RATES).since(countsBefore));
    }

    @Test
    void cacheEvictMakesTheNextCallComputeAgain() {
        int computationsBefore = rates.computations();

        rates.rate("CHF", "JPY");
        rates.refresh("CHF", "JPY");
        BigDecimal recomputed = rates.rate("CHF", "JPY");
        rates.rate("CHF", "JPY");

        assertEquals(new BigDecimal("174.426230"), recomputed);
        assertEquals(2, rates.computations() - computationsBefore, "computations around one eviction");
    }

    @Test
    void cacheResultReadsTheSourceOnceAndTheMetersCountHitsAndMisses() {
        int lookupsBefore = cities.lookups();
        CacheCounts countsBefore = CacheCounts.of(meters, CacheNames.CITY_POPULATIONS);

        assertEquals(522_250L, cities.population("Lyon"));
        assertEquals(522_250L, cities.population("Lyon"));
        assertEquals(522_250L, cities.population("Lyon"));

        assertEquals(1, cities.lookups() - lookupsBefore, "lookups for 3 reads");
        assertEquals(
                new CacheCounts(2, 1, 1),
                CacheCounts.of(meters, CacheNames.CITY_POPULATIONS).since(countsBefore));
    }

    @Test
    void cachePutReplacesTheCachedValueWithoutAReadOfTheSource() {
        int lookupsBefore = cities.lookups();

        assertEquals(231_800L, cities.population("Porto"));
        cities.recordCensus("Porto", 232_125L);

        assertEquals(232_125L, cities.population("Porto"));
        assertEquals(1, cities.lookups() - lookupsBefore, "lookups: the second read is served by @CachePut's entry");
        Cache<Object, Object> cache = cacheManager.getCache(CacheNames.CITY_POPULATIONS);
        assertEquals(232_125L, cache.get("Porto"), "the entry as the JCache API sees it");
    }

    @Test
    void cacheRemoveMakesTheNextReadLookUpAgain() {
        int lookupsBefore = cities.lookups();

        cities.population("Graz");
        cities.forget("Graz");
        assertEquals(298_479L, cities.population("Graz"));

        assertEquals(2, cities.lookups() - lookupsBefore, "lookups around one removal");
    }

    @Test
    void theServersMetersCountTheRequestsOfTheCacheManager() {
        String manager = cacheManager.getURI().toString();
        // Without an MBean server when the manager started, its server beans are registered just after, in the
        // background: wait for them, with a deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (meters.find("memjcache.server.requests").tag("manager", manager).functionCounter() == null) {
            assertTrue(System.nanoTime() - deadline < 0, "no memjcache.server.requests meter within 30 s");
            Thread.onSpinWait();
        }
        FunctionCounter requests =
                meters.get("memjcache.server.requests").tag("manager", manager).functionCounter();
        double before = requests.count();

        rates.rate("JPY", "EUR");

        assertTrue(requests.count() > before, "requests " + before + " then " + requests.count());
        assertEquals(
                1.0,
                meters.get("memjcache.server.up")
                        .tag("manager", manager)
                        .gauge()
                        .value());
        assertEquals(
                0.0,
                meters.get("memjcache.server.errors")
                        .tag("manager", manager)
                        .functionCounter()
                        .count());
    }

    @Test
    void cachesAreMemjcacheCachesWithTheStatisticsBeanMicrometerReads() throws Exception {
        assertEquals(
                MemjcacheCachingProvider.class,
                cacheManager.getCachingProvider().getClass());
        URI uri = cacheManager.getURI();
        assertTrue(uri.getPath().endsWith("/" + configResource()), "manager URI " + uri);
        for (String name : new String[] {CacheNames.EXCHANGE_RATES, CacheNames.CITY_POPULATIONS}) {
            Cache<Object, Object> cache = cacheManager.getCache(name);
            @SuppressWarnings("unchecked") // A JCache cache's configuration is always a CompleteConfiguration of it.
            CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
            assertTrue(configuration.isStatisticsEnabled(), name + " has statistics enabled");
            // The name Micrometer's JCacheMetrics builds: only ':' of the manager URI replaced.
            ObjectName micrometersName = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                    + uri.toString().replace(':', '.') + ",Cache=" + name);
            assertTrue(
                    ManagementFactory.getPlatformMBeanServer().isRegistered(micrometersName),
                    micrometersName + " is registered");
        }
    }
}
