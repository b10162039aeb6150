package io.memjcache.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: with Micrometer on the class path, a {@link MemjcacheServerMetrics} bean, which
 * Boot binds to every {@code MeterRegistry} like any other {@code MeterBinder} bean. Declare your own bean of that
 * type to replace it.
 *
 * <p>Thread-safe (Spring calls it once). Nothing here is {@code null}.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class MemjcacheMetricsAutoConfiguration {

    /** For Spring. */
    public MemjcacheMetricsAutoConfiguration() {}

    /** @return the meters of every open memjcache cache manager's servers; closed with the context */
    @Bean
    @ConditionalOnMissingBean
    public MemjcacheServerMetrics memjcacheServerMetrics() {
        return new MemjcacheServerMetrics();
    }
}
