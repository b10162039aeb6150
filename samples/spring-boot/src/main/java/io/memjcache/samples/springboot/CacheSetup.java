package io.memjcache.samples.springboot;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the sample's caches in the JCache manager Boot builds from {@code spring.cache.jcache.*}.
 *
 * <p>The caches are created at startup, not on first use, for two reasons: Boot binds Micrometer's cache metrics
 * only to the caches that exist when the application starts, and those metrics read the JSR-107 statistics MXBean,
 * which exists only for caches with statistics enabled.
 *
 * <p>Thread-safe (stateless); Spring calls it once, while the context starts.
 */
@Configuration(proxyBeanMethods = false)
public class CacheSetup {

    /** Cached entries expire this long after they were written, so stale rates and populations age out. */
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);

    /** @return the customizer that creates {@link CacheNames#EXCHANGE_RATES} and {@link CacheNames#CITY_POPULATIONS} */
    @Bean
    JCacheManagerCustomizer memjcacheCaches() {
        return cacheManager -> {
            cacheManager.createCache(CacheNames.EXCHANGE_RATES, cacheConfiguration());
            cacheManager.createCache(CacheNames.CITY_POPULATIONS, cacheConfiguration());
        };
    }

    private static MutableConfiguration<Object, Object> cacheConfiguration() {
        // Spring's caches are untyped (keys may be SimpleKey, values anything serializable): Object, Object.
        return new MutableConfiguration<>()
                .setStatisticsEnabled(true)
                .setManagementEnabled(true)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.SECONDS, TIME_TO_LIVE.toSeconds())));
    }
}
