package io.memjcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The settings for production: required servers, look-alike properties, the embedded server's limits. */
class OperatorSettingsTest {

    private static final ClassLoader LOADER = OperatorSettingsTest.class.getClassLoader();
    private static final URI DEFAULT = ProviderSettings.defaultUri();
    private static final List<String> LOOK_ALIKES =
            List.of("memcache.servers", "memcached.opTimeout", "jcache.servers", "MemJCache.retryDelay");
    private static final List<String> OTHER_LIBRARIES =
            List.of("memcache.flavour", "javax.cache.servers", "spring.cache.jcache.config", "cache.servers");
    private static final ProviderSettings.Environment NO_ENVIRONMENT = name -> null;

    @AfterEach
    void clearSystemProperties() {
        LOOK_ALIKES.forEach(System::clearProperty);
        OTHER_LIBRARIES.forEach(System::clearProperty);
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static ProviderSettings resolve(Properties properties, ProviderSettings.Environment environment) {
        return ProviderSettings.resolve(DEFAULT, properties, LOADER, environment);
    }

    @Test
    void lookAlikePropertiesAreReportedWithTheSettingTheyProbablyMeantAndOthersAreNot() {
        LOOK_ALIKES.forEach(name -> System.setProperty(name, "cache1:11211"));
        OTHER_LIBRARIES.forEach(name -> System.setProperty(name, "x"));

        ProviderSettings settings = resolve(properties("memjcahce.namespace", "shop"), NO_ENVIRONMENT);

        assertEquals(
                List.of(
                        "system property MemJCache.retryDelay is ignored: it looks like memjcache.retryDelay, and this"
                                + " provider's settings start with memjcache.",
                        "system property jcache.servers is ignored: it looks like memjcache.servers, and this"
                                + " provider's settings start with memjcache.",
                        "system property memcache.servers is ignored: it looks like memjcache.servers, and this"
                                + " provider's settings start with memjcache.",
                        "system property memcached.opTimeout is ignored: it looks like memjcache.opTimeout, and this"
                                + " provider's settings start with memjcache.",
                        "the property passed to getCacheManager memjcahce.namespace is ignored: it looks like"
                                + " memjcache.namespace, and this provider's settings start with memjcache."),
                settings.warnings().stream().sorted().toList());
        assertFalse(String.join(" ", settings.warnings()).contains("cache1"), "values are never repeated");
    }

    @Test
    void requiredServersMakeTheEmbeddedDefaultAnErrorThatSaysHowToSetThem() {
        System.setProperty("memcache.servers", "cache1:11211");

        CacheException e = assertThrows(
                CacheException.class, () -> resolve(properties("memjcache.requireServers", "true"), NO_ENVIRONMENT));

        assertEquals(
                "memcached servers are required (memjcache.requireServers=true (from the Properties passed to"
                        + " getCacheManager)), but memjcache.servers is 'embedded' (default), which would start the"
                        + " embedded in-process server: set memjcache.servers=host[:port[:weight]],... as a system"
                        + " property (-Dmemjcache.servers=cache1:11211), in the Properties passed to getCacheManager,"
                        + " in a properties file named by the cache manager URI, or use a URI like"
                        + " memcached://cache1:11211,cache2:11211. Note: system property memcache.servers is ignored:"
                        + " it looks like memjcache.servers, and this provider's settings start with memjcache.",
                e.getMessage());
    }

    @Test
    void theEnvironmentVariableRequiresServersUnlessTheSettingSaysOtherwise() {
        ProviderSettings.Environment required = Map.of(ProviderSettings.REQUIRE_SERVERS_VARIABLE, "TRUE")::get;

        CacheException e = assertThrows(CacheException.class, () -> resolve(new Properties(), required));
        assertTrue(
                e.getMessage()
                        .startsWith("memcached servers are required (the environment variable"
                                + " MEMJCACHE_REQUIRE_SERVERS=true), but memjcache.servers is 'embedded' (default)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("Note:"), "no look-alike set: " + e.getMessage());

        assertFalse(resolve(properties("memjcache.servers", "cache1:11211"), required)
                .embedded());
        assertTrue(resolve(properties("memjcache.requireServers", "false"), required)
                .embedded());
        assertTrue(resolve(new Properties(), NO_ENVIRONMENT).embedded());
        assertTrue(resolve(new Properties(), Map.of(ProviderSettings.REQUIRE_SERVERS_VARIABLE, "0")::get)
                .embedded());
    }

    @Test
    void requireServersTakesOnlyTrueOrFalse() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> resolve(
                        properties("memjcache.servers", "h:1", "memjcache.requireServers", "yes"), NO_ENVIRONMENT));
        assertEquals(
                "memjcache.requireServers = 'yes' (from the Properties passed to getCacheManager): expected true or"
                        + " false",
                e.getMessage());
    }

    @Test
    void theEmbeddedItemSizeLimitReadsMemcachedsSyntax() {
        assertEquals(1 << 20, resolve(new Properties(), NO_ENVIRONMENT).embeddedMaxItemSize());
        assertEquals(
                512 * 1024,
                resolve(properties("memjcache.embedded.maxItemSize", "512k"), NO_ENVIRONMENT)
                        .embeddedMaxItemSize());
        assertEquals(
                2 << 20,
                resolve(properties("memjcache.embedded.maxItemSize", "2M"), NO_ENVIRONMENT)
                        .embeddedMaxItemSize());
        assertEquals(
                5000,
                resolve(properties("memjcache.embedded.maxItemSize", "5000"), NO_ENVIRONMENT)
                        .embeddedMaxItemSize());
        for (String bad : List.of("2g", "1000", "1025m", "1.5m", "")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> resolve(properties("memjcache.embedded.maxItemSize", bad), NO_ENVIRONMENT),
                    bad);
            assertTrue(e.getMessage().startsWith("memjcache.embedded.maxItemSize = '" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException tooLarge = assertThrows(
                IllegalArgumentException.class,
                () -> resolve(
                        properties("memjcache.embedded.maxItemSize", "2m", "memjcache.embedded.memoryMb", "1"),
                        NO_ENVIRONMENT));
        assertEquals(
                "memjcache.embedded.maxItemSize = '2m' (from the Properties passed to getCacheManager): cannot exceed"
                        + " the embedded server's memory limit (1 MB, memjcache.embedded.memoryMb)",
                tooLarge.getMessage());
    }

    @Test
    void anEmbeddedMemoryLimitTheHeapCannotHoldIsAWarning() {
        long heapMegabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        String tooMuch = Long.toString(heapMegabytes + 1);

        ProviderSettings settings = resolve(properties("memjcache.embedded.memoryMb", tooMuch), NO_ENVIRONMENT);

        assertEquals(
                List.of("memjcache.embedded.memoryMb=" + tooMuch + " (from the Properties passed to getCacheManager)"
                        + " is more than this JVM's maximum heap (" + heapMegabytes + " MB): the embedded server keeps"
                        + " its entries on the heap, so the JVM would run out of memory before the server evicts"
                        + " anything; lower it or raise -Xmx"),
                settings.warnings());
        assertEquals(List.of(), resolve(new Properties(), NO_ENVIRONMENT).warnings(), "64 MB fits the test heap");
        assertEquals(
                List.of(),
                resolve(properties("memjcache.embedded.memoryMb", tooMuch, "memjcache.servers", "h:1"), NO_ENVIRONMENT)
                        .warnings(),
                "no embedded server, nothing on the heap");
    }

    @Test
    void theBackendDescriptionListsTheServersAndEverySettingNotAtItsDefault() {
        assertEquals(
                "memcached servers a:1, b:2 with memjcache.opTimeout=250ms",
                resolve(properties("memjcache.servers", "a:1,b:2", "memjcache.opTimeout", "250ms"), NO_ENVIRONMENT)
                        .describeBackend());
        assertEquals(
                "memcached servers a:1 (every other setting at its default)",
                resolve(properties("memjcache.servers", "a:1"), NO_ENVIRONMENT).describeBackend());
    }
}
