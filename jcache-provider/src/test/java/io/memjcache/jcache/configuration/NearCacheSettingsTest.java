package io.memjcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.configuration.NearCacheSettings.Consistency;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache settings: off by default, manager-wide defaults overridden per cache, from properties, system
 * properties and the URI's query, each bad value named with its source.
 */
class NearCacheSettingsTest {

    private static final ClassLoader LOADER = NearCacheSettingsTest.class.getClassLoader();
    private static final URI DEFAULT = ProviderSettings.defaultUri();

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("memjcache.nearCache.maxEntries");
        System.clearProperty("memjcache.cache.orders.nearCache.maxEntries");
    }

    private static Properties props(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static NearCacheSettings near(String cache, Properties properties) {
        return ProviderSettings.resolve(DEFAULT, properties, LOADER).nearCache(cache);
    }

    @Test
    void offByDefault() {
        NearCacheSettings near = near("any", new Properties());
        assertFalse(near.enabled());
        assertEquals(new NearCacheSettings(0, 0, Consistency.STRICT, Duration.ofMillis(100)), near);
    }

    @Test
    void aManagerDefaultAppliesToEveryCacheAndAPerCacheSettingOverridesIt() {
        Properties properties = props(
                "memjcache.nearCache.maxEntries", "1000",
                "memjcache.nearCache.maxBytes", "64m",
                "memjcache.cache.orders.nearCache.maxEntries", "50",
                "memjcache.cache.my.dotted.cache.nearCache.consistency", "eventual",
                "memjcache.cache.my.dotted.cache.nearCache.maxStaleness", "20ms");
        assertEquals(
                new NearCacheSettings(1000, 64L << 20, Consistency.STRICT, Duration.ofMillis(100)),
                near("a", properties));
        assertEquals(
                new NearCacheSettings(50, 64L << 20, Consistency.STRICT, Duration.ofMillis(100)),
                near("orders", properties));
        assertEquals(
                new NearCacheSettings(1000, 64L << 20, Consistency.EVENTUAL, Duration.ofMillis(20)),
                near("my.dotted.cache", properties));
    }

    @Test
    void theUriQueryAndSystemPropertiesCarryThemToo() {
        System.setProperty("memjcache.cache.orders.nearCache.maxEntries", "7");
        URI uri = URI.create("memcached://127.0.0.1:11211?nearCache.maxEntries=100&cache.users.nearCache.maxBytes=1k");
        ProviderSettings settings = ProviderSettings.resolve(uri, new Properties(), LOADER);
        assertEquals(100, settings.nearCache("any").maxEntries());
        assertEquals(0, settings.nearCache("any").maxBytes());
        assertEquals(1024, settings.nearCache("users").maxBytes());
        assertEquals(7, settings.nearCache("orders").maxEntries(), "system properties come before the URI");
    }

    @Test
    void badValuesAreNamedWithTheirSourceWhenTheManagerIsResolved() {
        IllegalArgumentException entries = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.nearCache.maxEntries", "-1"), LOADER));
        assertEquals(
                "memjcache.nearCache.maxEntries = '-1' (from the Properties passed to getCacheManager): expected a"
                        + " whole number from 0 to 999999999",
                entries.getMessage());
        IllegalArgumentException consistency = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(
                        DEFAULT, props("memjcache.cache.orders.nearCache.consistency", "weak"), LOADER));
        assertEquals(
                "memjcache.cache.orders.nearCache.consistency = 'weak' (from the Properties passed to"
                        + " getCacheManager): expected strict or eventual",
                consistency.getMessage());
        IllegalArgumentException bytes = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.nearCache.maxBytes", "lots"), LOADER));
        assertTrue(bytes.getMessage().startsWith("memjcache.nearCache.maxBytes = 'lots'"), bytes.getMessage());
        IllegalArgumentException staleness = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(
                        URI.create("memcached://127.0.0.1:11211?cache.x.nearCache.maxStaleness=0ms"),
                        new Properties(),
                        LOADER));
        assertTrue(
                staleness.getMessage().startsWith("memjcache.cache.x.nearCache.maxStaleness = '0ms' (from memcached:"),
                staleness.getMessage());
    }

    @Test
    void anUnknownPerCacheSettingIsRejected() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.cache.orders.opTimeout", "1s"), LOADER));
        assertEquals(
                "unknown per-cache setting cache.orders.opTimeout (from the Properties passed to getCacheManager):"
                        + " expected cache.<cache name>.<setting> with one of the settings nearCache.maxEntries,"
                        + " nearCache.maxBytes, nearCache.consistency, nearCache.maxStaleness",
                unknown.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.cache..nearCache.maxEntries", "1"), LOADER),
                "a cache name is required");
    }
}
