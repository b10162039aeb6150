package io.memjcache.samples.hibernate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The second-level cache on a real memcached 1.6, configured through a {@code file:} properties URL. */
class SecondLevelCacheOnMemcachedTest extends SecondLevelCacheContract {

    @TempDir
    static Path settingsDirectory;

    private static MemcachedSettingsFile memcached;

    @BeforeAll
    static void startMemcached() throws IOException {
        memcached = MemcachedSettingsFile.start(settingsDirectory);
    }

    @AfterAll
    static void stopMemcached() {
        try {
            Map<String, String> counters = memcached.serverStats();
            // The hits the tests saw in Hibernate's statistics must have been served by this memcached.
            assertTrue(Long.parseLong(counters.get("get_hits")) > 0, "memcached served no hits: " + counters);
            assertTrue(Long.parseLong(counters.get("cmd_set")) > 0, "memcached stored nothing: " + counters);
        } finally {
            memcached.close();
        }
    }

    @Override
    String cacheUri() {
        return memcached.uri();
    }
}
