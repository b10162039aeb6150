package io.memjcache.jcache.management;

import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * The JSR-107 configuration MXBean of one cache ({@code javax.cache:type=CacheConfiguration,...}): reads the cache's
 * current configuration through a supplier on every call, so it reflects runtime changes such as enabling statistics
 * or management.
 *
 * <p>Thread-safe if the supplier is. The supplier and what it returns must not be {@code null}; the getters never
 * return {@code null}.
 */
public final class CacheConfigurationMXBean implements CacheMXBean {

    private final Supplier<? extends CompleteConfiguration<?, ?>> configuration;

    /** @param configuration supplies the cache's current configuration */
    public CacheConfigurationMXBean(Supplier<? extends CompleteConfiguration<?, ?>> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    @Override
    public String getKeyType() {
        return current().getKeyType().getName();
    }

    @Override
    public String getValueType() {
        return current().getValueType().getName();
    }

    @Override
    public boolean isReadThrough() {
        return current().isReadThrough();
    }

    @Override
    public boolean isWriteThrough() {
        return current().isWriteThrough();
    }

    @Override
    public boolean isStoreByValue() {
        return current().isStoreByValue();
    }

    @Override
    public boolean isStatisticsEnabled() {
        return current().isStatisticsEnabled();
    }

    @Override
    public boolean isManagementEnabled() {
        return current().isManagementEnabled();
    }

    private CompleteConfiguration<?, ?> current() {
        return Objects.requireNonNull(configuration.get(), "the configuration supplier returned null");
    }
}
