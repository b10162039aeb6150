package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider alone (this module's test class path holds no memjcache-embedded) has no embedded server: a manager
 * that would need one fails with a message naming the dependency to add, or the setting to set instead. The
 * failure leaves nothing behind: a manager of the same URI with servers set works afterwards.
 */
class EmbeddedServerAbsentTest extends BackendTestSupport {

    private static final Pattern ADVICE = Pattern.compile(".*add the dependency io\\.memjcache:memjcache-embedded:"
            + "\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? for the zero-configuration default, or set memjcache\\.servers to"
            + " your memcached servers.*");

    @ParameterizedTest
    @MethodSource("io.memjcache.jcache.EmbeddedServerAbsentTest#unset")
    void aManagerWithoutServersNamesWhatToAdd(Properties settings) {
        CachingProvider provider = Caching.getCachingProvider(MemjcacheCachingProvider.class.getName());
        URI uri = uniqueUri();
        ClassLoader loader = getClass().getClassLoader();

        CacheException refused =
                assertThrows(CacheException.class, () -> provider.getCacheManager(uri, loader, settings));
        assertTrue(ADVICE.matcher(refused.getMessage()).matches(), refused.getMessage());
        assertFalse(EmbeddedServer.isRunning());

        CacheManager configured = provider.getCacheManager(uri, loader, properties(BUNDLED));
        Cache<String, String> cache = configured.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
        configured.close();
    }

    /** @return no setting at all, and {@code memjcache.servers=embedded} said explicitly */
    static Properties[] unset() {
        Properties explicit = new Properties();
        explicit.setProperty("memjcache.servers", "embedded");
        return new Properties[] {new Properties(), explicit};
    }
}
