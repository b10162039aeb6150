package io.memjcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import java.net.URI;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The asynchronous client's settings: defaults, the URI query and properties, and their bounds. */
class AsyncSettingsTest {

    private static final ClassLoader LOADER = AsyncSettingsTest.class.getClassLoader();

    @Test
    void defaultsAreFourChannelsAndTenThousandInFlight() {
        ClientConfig config = ProviderSettings.resolve(URI.create("memcached://h:1"), null, LOADER)
                .clientConfig();
        assertEquals(4, config.asyncConnections());
        assertEquals(10_000, config.asyncMaxInFlight());
    }

    @Test
    void theUriQueryAndPropertiesSetThem() {
        Properties properties = new Properties();
        properties.setProperty("memjcache.async.maxInFlight", "500");
        ClientConfig config = ProviderSettings.resolve(
                        URI.create("memcached://h:1?async.connections=16"), properties, LOADER)
                .clientConfig();
        assertEquals(16, config.asyncConnections());
        assertEquals(500, config.asyncMaxInFlight());
    }

    @Test
    void zeroIsRefusedWithTheSettingsName() {
        Properties properties = new Properties();
        properties.setProperty("memjcache.async.connections", "0");
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(URI.create("memcached://h:1"), properties, LOADER));
        assertTrue(refused.getMessage().startsWith("memjcache.async.connections = '0'"), refused::getMessage);
    }
}
