package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.support.LogCapture;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code memjcache.embedded.maxItemSize} reaches the embedded server, and what a manager on it logs. */
class EmbeddedItemSizeTest {

    private static final int VALUE_SIZE = 1536 * 1024;

    private final MemjcacheCachingProvider provider = new MemjcacheCachingProvider();

    @AfterEach
    void close() {
        provider.close();
    }

    private CacheManager manager(String name, Properties properties) {
        return provider.getCacheManager(
                URI.create("memjcache:" + name), getClass().getClassLoader(), properties);
    }

    private static Cache<String, byte[]> cache(CacheManager manager) {
        return manager.createCache(
                "blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    }

    @Test
    void aLargerItemSizeLetsALargerValueInAndTheManagerLogsTheLimits() {
        assertFalse(EmbeddedServer.isRunning(), "no other test leaves a manager open");
        Properties properties = new Properties();
        properties.setProperty("memjcache.embedded.maxItemSize", "2m");
        try (LogCapture log = LogCapture.provider()) {
            Cache<String, byte[]> cache = cache(manager("item-size-2m", properties));
            cache.put("big", new byte[VALUE_SIZE]);
            assertEquals(VALUE_SIZE, cache.get("big").length);

            List<String> info = log.messages(Level.INFO);
            assertEquals(1, info.size(), info.toString());
            assertTrue(
                    info.get(0)
                            .matches("cache manager memjcache:item-size-2m uses the embedded server on"
                                    + " 127\\.0\\.0\\.1:\\d+ \\(memory limit 64 MB, item size limit 2097152 bytes\\), visible"
                                    + " to this JVM only"),
                    info.get(0));
        }
    }

    @Test
    void theDefaultItemSizeRefusesTheSameValue() {
        assertFalse(EmbeddedServer.isRunning(), "no other test leaves a manager open");
        Cache<String, byte[]> cache = cache(manager("item-size-default", new Properties()));

        CacheException e = assertThrows(CacheException.class, () -> cache.put("big", new byte[VALUE_SIZE]));
        assertTrue(
                e.getMessage()
                        .contains("bytes is too large for the server's item size limit of 1048576 bytes"
                                + " (item_size_max) (it answered 'SERVER_ERROR object too large for cache'): raise the limit"
                                + " with memcached's -I flag (memjcache.embedded.maxItemSize for the embedded server)"),
                e.getMessage());
    }
}
