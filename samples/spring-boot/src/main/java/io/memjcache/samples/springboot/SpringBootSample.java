package io.memjcache.samples.springboot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.math.BigDecimal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application whose caches live in memjcache: {@code @Cacheable} on {@link ExchangeRateService},
 * JSR-107 annotations on {@link CityDirectory}, Micrometer's cache meters and memjcache's server meters read back
 * at the end.
 *
 * <p>{@link #main} starts the application, makes a few calls, prints what the caches did and exits. By default the
 * caches use the bundled server in-process; {@code -Dmemjcache.servers=host:port} points them at memcached.
 *
 * <p>Thread-safe as far as Spring's beans are; {@link #demonstrate} prints to the stream it is given.
 */
@SpringBootApplication
@EnableCaching
public class SpringBootSample {

    /** Starts the application, runs {@link #demonstrate} and closes the application (and its cache manager). */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = SpringApplication.run(SpringBootSample.class, args)) {
            demonstrate(context, System.out);
        }
    }

    /** Calls the cached services a few times and prints results, real computations and cache meters. */
    static void demonstrate(ConfigurableApplicationContext context, PrintStream out) {
        javax.cache.CacheManager cacheManager = context.getBean(javax.cache.CacheManager.class);
        ExchangeRateService rates = context.getBean(ExchangeRateService.class);
        CityDirectory cities = context.getBean(CityDirectory.class);
        MeterRegistry meters = context.getBean(MeterRegistry.class);

        out.println("Cache manager " + cacheManager.getURI() + " from "
                + cacheManager.getCachingProvider().getClass().getSimpleName());

        BigDecimal rate = null;
        for (int call = 0; call < 3; call++) {
            rate = rates.rate("GBP", "USD");
        }
        out.println("@Cacheable   GBP->USD = " + rate + ": 3 calls, " + rates.computations() + " computation(s)");

        long before = cities.population("Lyon");
        long again = cities.population("Lyon");
        cities.recordCensus("Lyon", 523_000L);
        long after = cities.population("Lyon");
        out.println("@CacheResult Lyon = " + before + " then " + again + "; after @CachePut " + after + ": "
                + cities.lookups() + " lookup(s) for 3 reads");

        out.println(
                "Micrometer " + CacheNames.EXCHANGE_RATES + ": " + CacheCounts.of(meters, CacheNames.EXCHANGE_RATES));
        out.println("Micrometer " + CacheNames.CITY_POPULATIONS + ": "
                + CacheCounts.of(meters, CacheNames.CITY_POPULATIONS));

        // memjcache-micrometer's meters of the servers themselves, tagged with the manager and the server.
        String manager = cacheManager.getURI().toString();
        for (Gauge up :
                meters.find("memjcache.server.up").tag("manager", manager).gauges()) {
            String server = up.getId().getTag("server");
            FunctionCounter requests = meters.get("memjcache.server.requests")
                    .tags("manager", manager, "server", server)
                    .functionCounter();
            FunctionCounter errors = meters.get("memjcache.server.errors")
                    .tags("manager", manager, "server", server)
                    .functionCounter();
            out.println("Micrometer memjcache server " + server + ": " + (up.value() == 1 ? "up" : "down") + ", "
                    + (long) requests.count() + " request(s), " + (long) errors.count() + " error(s)");
        }
    }
}
