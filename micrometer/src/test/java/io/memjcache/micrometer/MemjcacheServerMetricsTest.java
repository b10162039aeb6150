package io.memjcache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binder follows the managers: meters for the managers open when it binds and for those opened later, with the
 * numbers of their servers' MXBeans, gone when a manager closes. On the bundled server.
 */
class MemjcacheServerMetricsTest {

    private final MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemjcacheServerMetrics metrics = new MemjcacheServerMetrics();
    private ServerUnderTest server;
    private String address;

    @BeforeEach
    void start() {
        server = ServerUnderTest.bundled();
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        metrics.close();
        provider.close();
        server.close();
    }

    private CacheManager manager(URI uri) {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", address);
        return provider.getCacheManager(uri, getClass().getClassLoader(), properties);
    }

    private FunctionCounter requests(URI uri) {
        return registry.find("memjcache.server.requests")
                .tags("manager", uri.toString(), "server", address)
                .functionCounter();
    }

    @Test
    void managersOpenBeforeAndAfterBindingGetMetersThatFollowTheirServers() {
        URI before = URI.create("memcached://" + address + "?opTimeout=1s&namespace=" + UUID.randomUUID());
        URI after = URI.create("memjcache:metrics-" + UUID.randomUUID());
        CacheManager first = manager(before);
        metrics.bindTo(registry);
        CacheManager second = manager(after);

        Cache<String, String> cache = second.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        double start = requests(after).count();
        for (int i = 0; i < 20; i++) {
            cache.put("k" + i, "v");
            assertEquals("v", cache.get("k" + i));
        }
        assertTrue(requests(after).count() >= start + 40, requests(after).count() + " requests");
        assertTrue(requests(before) != null, "the manager open before binding has meters too");
        Gauge up = registry.find("memjcache.server.up")
                .tags("manager", after.toString())
                .gauge();
        assertEquals(1.0, up.value());
        FunctionTimer latency = registry.find("memjcache.server.latency")
                .tags("manager", after.toString())
                .functionTimer();
        assertEquals(requests(after).count(), latency.count());
        assertTrue(latency.totalTime(TimeUnit.MICROSECONDS) > 0);
        assertEquals(
                0.0,
                registry.find("memjcache.server.errors")
                        .tags("manager", after.toString())
                        .functionCounter()
                        .count());
        assertTrue(registry.find("memjcache.server.connections.opened")
                        .tags("manager", after.toString())
                        .functionCounter()
                        .count()
                >= 1);

        first.close();
        assertNull(requests(before), "a closed manager's meters are removed");
        assertTrue(requests(after) != null);
        second.close();
        assertNull(requests(after));
        assertEquals(0, registry.find("memjcache.server.up").meters().size());
    }
}
