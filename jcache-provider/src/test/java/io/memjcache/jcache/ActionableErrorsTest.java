package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ScriptedServer;
import io.memjcache.jcache.support.LogCapture;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Errors an operator can act on: the wrong kind of server on the port (a Redis, a memcached older than 1.6), and
 * a value over the server's item size limit, each against a real process.
 */
class ActionableErrorsTest {

    private final MemjcacheCachingProvider provider = new MemjcacheCachingProvider();

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    private Cache<String, byte[]> cacheOn(int port) {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", "127.0.0.1:" + port);
        return provider.getCacheManager(
                        URI.create("memjcache:actionable-" + UUID.randomUUID()),
                        getClass().getClassLoader(),
                        properties)
                .createCache("c", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    }

    /**
     * Every kind of request fails with {@code expected} in its message, the first ones with the server's answer
     * and the later ones as marked down for it; the server is reported down once.
     */
    private void everyRequestFailsWith(Cache<String, byte[]> cache, String expected) {
        try (LogCapture log = LogCapture.provider()) {
            List<Runnable> requests = List.of(
                    () -> cache.get("k"),
                    () -> cache.put("k", new byte[] {1}),
                    () -> cache.getAll(Set.of("a", "b", "c")),
                    () -> cache.putAll(Map.of("a", new byte[] {1}, "b", new byte[] {2})),
                    () -> cache.remove("k"));
            for (Runnable request : requests) {
                CacheException e = assertThrows(CacheException.class, request::run);
                assertTrue(e.getMessage().contains(expected), e.getMessage());
            }
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("marked down after " + expected), warnings.get(0));
        }
    }

    @Test
    void aRedisOnThePortIsNamedAsNotMemcached() {
        try (ReferenceMemcached redis = ReferenceMemcached.startRedis()) {
            everyRequestFailsWith(
                    cacheOn(redis.port()),
                    "127.0.0.1:" + redis.port() + " does not speak the memcached protocol: it answered '-ERR unknown"
                            + " command 'mg'");
        }
    }

    @Test
    void aMemcachedOlderThanOneSixIsToldToUpgrade() {
        try (ScriptedServer old = new ScriptedServer()) {
            old.answerEverythingWithError();
            int port = old.address().port();
            everyRequestFailsWith(
                    cacheOn(port),
                    "127.0.0.1:" + port + " needs memcached 1.6 or later (meta protocol): it answered 'ERROR'");
        }
    }

    @Test
    void aValueOverTheItemSizeLimitNamesTheLimitAndTheFlag() {
        try (ReferenceMemcached memcached = ReferenceMemcached.start("-I", "1m")) {
            Cache<String, byte[]> cache = cacheOn(memcached.port());
            String limit = "is too large for the server's item size limit of 1048576 bytes (item_size_max) (it"
                    + " answered 'SERVER_ERROR object too large for cache'): raise the limit with memcached's -I flag"
                    + " (memjcache.embedded.maxItemSize for the embedded server), or store smaller values";

            CacheException single = assertThrows(CacheException.class, () -> cache.put("big", new byte[5 << 20]));
            assertTrue(
                    single.getMessage().matches(".*: a value of 52429\\d\\d bytes " + Pattern.quote(limit)),
                    single.getMessage());
            CacheException batch = assertThrows(
                    CacheException.class, () -> cache.putAll(Map.of("a", new byte[] {1}, "big", new byte[5 << 20])));
            assertTrue(batch.getMessage().contains(limit), batch.getMessage());

            cache.put("small", new byte[] {1});
            assertEquals(1, cache.get("small").length, "the server is not marked down for a refused value");
        }
    }
}
