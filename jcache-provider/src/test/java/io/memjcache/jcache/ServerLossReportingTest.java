package io.memjcache.jcache;

import static io.memjcache.jcache.ThreeServers.failsFastNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.store.CacheNamespace;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The paths into memcached outside the cache's own operations, the cache's iterator and the manager's
 * destroyCache, report a server that died as a {@link CacheException} naming it (the JCache contract), never as
 * the client's internal exception.
 */
@Timeout(60)
class ServerLossReportingTest {

    /** More than the iterator reads per batch (256), so it reads the servers while the test iterates. */
    private static final int KEYS = 900;

    private static final String CACHE = "reported";

    private ThreeServers servers;
    private URI uri;
    private MemjcacheCacheManager manager;
    private Cache<String, String> cache;

    @BeforeEach
    void start() throws IOException {
        servers = ThreeServers.start();
        uri = URI.create("memjcache:loss-" + UUID.randomUUID());
        manager = servers.manager(uri);
        cache = manager.createCache(
                CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            values.put("key-" + i, "value-" + i);
        }
        cache.putAll(values);
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void iteratingOnToADeadServerFailsNamingIt() {
        Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
        Cache.Entry<String, String> first = iterator.next();
        assertEquals("value-" + first.getKey().substring("key-".length()), first.getValue());
        // The first batch read at most 256 of the 900 keys: every server still has keys to be read.
        servers.kill(1);

        failsFastNaming(servers.port(1), () -> {
            while (iterator.hasNext()) {
                iterator.next();
            }
        });
    }

    @Test
    void removingThroughTheIteratorAnEntryOfADeadServerFailsNamingIt() {
        List<List<String>> keysByServer = servers.keysByServer(CacheNamespace.of(uri, CACHE), allKeys());
        Iterator<Cache.Entry<String, String>> iterator = cache.iterator();
        String key = iterator.next().getKey();
        int holder = keysByServer.get(0).contains(key) ? 0 : keysByServer.get(1).contains(key) ? 1 : 2;
        servers.kill(holder);

        failsFastNaming(servers.port(holder), iterator::remove);
    }

    @Test
    void destroyingACacheWithADeadServerFailsNamingItAndCanBeRetried() throws IOException {
        servers.kill(2);

        CacheException failure = failsFastNaming(servers.port(2), () -> manager.destroyCache(CACHE));
        assertTrue(failure.getMessage().contains("not cleared"), failure.getMessage());
        assertSame(
                cache,
                manager.getCache(CACHE, String.class, String.class),
                "a cache whose entries were not all cleared stays managed, so destroyCache can be retried");
        assertFalse(cache.isClosed());

        servers.restart(2);
        ThreeServers.awaitRecovery(servers.port(2), () -> manager.destroyCache(CACHE));
        assertTrue(cache.isClosed());
        assertNull(manager.getCache(CACHE, String.class, String.class));
        Cache<String, String> recreated = manager.createCache(
                CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        for (String key : allKeys()) {
            assertNull(recreated.get(key), key + " outlived destroyCache");
        }
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("key-" + i);
        }
        return keys;
    }
}
