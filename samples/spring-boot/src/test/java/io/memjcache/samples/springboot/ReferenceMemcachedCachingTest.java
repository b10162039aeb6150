package io.memjcache.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.cache.JCachePropertiesCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample against real memcached (the Debian binary on a free port): the same contract, plus proof that the
 * entries really are written to and read from that memcached.
 */
@SpringBootTest(properties = "spring.cache.jcache.config=classpath:memjcache-reference.properties")
@DirtiesContext // closes the cache manager, then memcached, right after this class
class ReferenceMemcachedCachingTest extends CachingContract {

    /**
     * Starts memcached as a bean, so that it exists before the cache manager and, depending on nothing, is closed
     * after it; the customizer hands its address to the provider in the {@code Properties} of
     * {@code getCacheManager}, which take precedence over the properties file.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class RealMemcached {

        @Bean(destroyMethod = "close")
        ReferenceMemcached referenceMemcached() {
            return ReferenceMemcached.start();
        }

        @Bean
        JCachePropertiesCustomizer memcachedServers(ReferenceMemcached memcached) {
            return properties -> properties.setProperty("memjcache.servers", "127.0.0.1:" + memcached.port());
        }
    }

    @Autowired
    ReferenceMemcached memcached;

    @Override
    String configResource() {
        return "memjcache-reference.properties";
    }

    @Test
    void entriesAreStoredInAndServedByMemcached() throws IOException {
        Map<String, String> before = memcachedStats();

        rates.rate("USD", "GBP");
        Map<String, String> afterMiss = memcachedStats();
        rates.rate("USD", "GBP");
        Map<String, String> afterHit = memcachedStats();

        assertTrue(
                counter(afterMiss, "cmd_set") > counter(before, "cmd_set"),
                "the computed rate was written to memcached: " + before + " -> " + afterMiss);
        assertTrue(
                counter(afterHit, "get_hits") > counter(afterMiss, "get_hits"),
                "the cached rate was read from memcached: " + afterMiss + " -> " + afterHit);
    }

    private Map<String, String> memcachedStats() throws IOException {
        try (TextConnection connection = new TextConnection(memcached.address())) {
            return connection.stats();
        }
    }

    private static long counter(Map<String, String> stats, String name) {
        String value = stats.get(name);
        assertTrue(value != null, "memcached reports " + name);
        return Long.parseLong(value);
    }
}
