package io.memjcache.samples.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample on two real memcached servers, with the class path an application that depends on the provider alone
 * has: no bundled server (Netty comes with the provider, for its asynchronous client). Without servers configured,
 * the provider names the dependency it lacks.
 */
class FleetSampleTest {

    private static final int SESSIONS = 200;

    @Test
    void runsOnTwoMemcachedServers() throws IOException {
        try (ReferenceMemcached first = ReferenceMemcached.start();
                ReferenceMemcached second = ReferenceMemcached.start()) {
            URI uri = URI.create("memcached://127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port());
            CachingProvider provider = Caching.getCachingProvider();
            try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                Map<String, String> read =
                        FleetSample.run(manager, SESSIONS, new PrintStream(printed, true, StandardCharsets.UTF_8));
                assertEquals(SESSIONS, read.size());
                assertEquals("user-7", read.get("session-7"));
                assertTrue(printed.toString(StandardCharsets.UTF_8).contains("read back " + SESSIONS + " of them"));
                // Consistent hashing spread the sessions over both servers.
                for (ReferenceMemcached server : new ReferenceMemcached[] {first, second}) {
                    try (TextConnection connection = new TextConnection(server.address())) {
                        long sets = Long.parseLong(connection.stats().get("cmd_set"));
                        assertTrue(sets > SESSIONS / 10, () -> server.port() + " stored only " + sets);
                    }
                }
                manager.destroyCache(FleetSample.CACHE_NAME);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.memjcache.server.MemcachedServer", "io.memjcache.embedded.BundledServerStarter"})
    void theClassPathHasNoServer(String className) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(className));
    }

    @Test
    void withoutServersTheProviderNamesTheEmbeddedArtifact() {
        CachingProvider provider = Caching.getCachingProvider();
        CacheException refused = assertThrows(
                CacheException.class,
                () -> provider.getCacheManager(URI.create("memjcache:fleet-unset"), provider.getDefaultClassLoader()));
        assertTrue(
                refused.getMessage().contains("add the dependency io.memjcache:memjcache-embedded:"),
                refused::getMessage);
    }
}
