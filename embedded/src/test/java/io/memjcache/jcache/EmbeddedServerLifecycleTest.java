package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With no servers configured, the managers of a JVM share one embedded server, which stops when the last of them
 * closes and starts again for the next one.
 */
class EmbeddedServerLifecycleTest {

    private final MemjcacheCachingProvider provider = new MemjcacheCachingProvider();

    @AfterEach
    void close() {
        provider.close();
    }

    private CacheManager manager(String name) {
        return provider.getCacheManager(
                URI.create("memjcache:" + name), getClass().getClassLoader(), new Properties());
    }

    private static Cache<String, String> cache(CacheManager manager) {
        return manager.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    @Test
    void lastManagerToCloseStopsTheServer() {
        assertFalse(EmbeddedServer.isRunning(), "no other test leaves a manager open");
        CacheManager first = manager("lifecycle-first");
        CacheManager second = manager("lifecycle-second");
        Cache<String, String> kept = cache(second);
        cache(first).put("k", "first");
        kept.put("k", "second");
        assertTrue(EmbeddedServer.isRunning());

        first.close();
        assertTrue(EmbeddedServer.isRunning());
        assertEquals("second", kept.get("k"), "the other manager keeps working");

        second.close();
        assertFalse(EmbeddedServer.isRunning());

        CacheManager third = manager("lifecycle-third");
        assertTrue(EmbeddedServer.isRunning());
        Cache<String, String> fresh = cache(third);
        fresh.put("k", "third");
        assertEquals("third", fresh.get("k"));
    }
}
