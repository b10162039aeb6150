package io.memjcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.serialization.IsolatingClassLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderSettingsTest {

    private static final ClassLoader LOADER = ProviderSettingsTest.class.getClassLoader();
    private static final URI DEFAULT = ProviderSettings.defaultUri();

    @TempDir
    Path directory;

    @AfterEach
    void clearSystemProperties() {
        for (SettingKey key : SettingKey.values()) {
            System.clearProperty(key.propertyName());
        }
        System.clearProperty("memjcache.opTimout");
    }

    @Test
    void theDefaultUriMeansEveryDefault() {
        ProviderSettings settings = ProviderSettings.resolve(DEFAULT, new Properties(), LOADER);

        assertEquals(URI.create("memjcache:default"), DEFAULT);
        assertTrue(settings.embedded());
        assertEquals(64, settings.embeddedMemoryMegabytes());
        ServerAddress embedded = new ServerAddress("127.0.0.1", 40000, 1);
        assertEquals(
                new ClientConfig(
                        List.of(embedded),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        16,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1)),
                settings.withServers(List.of(embedded)));
        assertThrows(IllegalStateException.class, settings::clientConfig, "no servers until the embedded one starts");
        assertInstanceOf(DefaultSerializer.class, settings.serializer());
        assertTrue(settings.toString().contains("memjcache.opTimeout=1s (default)"), settings.toString());
    }

    @Test
    void nullArgumentsMeanTheDefaults() {
        ProviderSettings settings = ProviderSettings.resolve(null, null, null);

        assertTrue(settings.embedded());
        assertEquals(
                Duration.ofSeconds(1),
                settings.withServers(List.of(ServerAddress.of("h", 1))).operationTimeout());
    }

    @Test
    void withServersFillsInTheEmbeddedServer() {
        ProviderSettings settings = ProviderSettings.resolve(DEFAULT, props("memjcache.opTimeout", "2s"), LOADER);
        ServerAddress embedded = new ServerAddress("127.0.0.1", 40000, 1);

        ClientConfig config = settings.withServers(List.of(embedded));

        assertEquals(List.of(embedded), config.servers());
        assertEquals(Duration.ofSeconds(2), config.operationTimeout());
        assertThrows(IllegalStateException.class, settings::clientConfig, "the settings themselves are unchanged");
    }

    @Test
    void aMemcachedUriGivesServersAndQuerySettings() {
        URI uri = URI.create("memcached://cache1:11211,cache2:11212:3?opTimeout=250ms&maxConnectionsPerServer=4");

        ProviderSettings settings = ProviderSettings.resolve(uri, new Properties(), LOADER);

        assertFalse(settings.embedded());
        ClientConfig config = settings.clientConfig();
        assertEquals(
                List.of(new ServerAddress("cache1", 11211, 1), new ServerAddress("cache2", 11212, 3)),
                config.servers());
        assertEquals(Duration.ofMillis(250), config.operationTimeout());
        assertEquals(4, config.maxConnectionsPerServer());
        assertEquals(Duration.ofSeconds(1), config.connectTimeout());
        assertTrue(settings.toString().contains("memjcache.opTimeout=250ms (from " + uri + ")"), settings.toString());
    }

    @Test
    void serverListsAcceptDefaultPortsWeightsAndBracketedIpv6() {
        ProviderSettings settings = ProviderSettings.resolve(
                DEFAULT, props("memjcache.servers", " cache1 , [::1]:11300:2,10.0.0.7:11211 "), LOADER);

        assertEquals(
                List.of(
                        new ServerAddress("cache1", 11211, 1),
                        new ServerAddress("::1", 11300, 2),
                        new ServerAddress("10.0.0.7", 11211, 1)),
                settings.clientConfig().servers());
    }

    @Test
    void precedenceIsPropertiesThenSystemPropertiesThenUriThenDefaults() {
        URI uri = URI.create("memcached://h:1?opTimeout=1s&connectTimeout=3s&retryDelay=4s");
        System.setProperty("memjcache.opTimeout", "2s");
        System.setProperty("memjcache.connectTimeout", "5s");
        Properties properties = props("memjcache.opTimeout", "7s");

        ClientConfig config = ProviderSettings.resolve(uri, properties, LOADER).clientConfig();

        assertEquals(Duration.ofSeconds(7), config.operationTimeout());
        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(Duration.ofSeconds(4), config.retryDelay());
        assertEquals(Duration.ofMillis(500), config.borrowTimeout());
        System.clearProperty("memjcache.opTimeout");
        assertEquals(
                Duration.ofSeconds(1),
                ProviderSettings.resolve(uri, new Properties(), LOADER)
                        .clientConfig()
                        .operationTimeout());
    }

    @Test
    void systemPropertiesOverrideTheServersOfTheUri() {
        System.setProperty("memjcache.servers", "other:2");

        ProviderSettings settings = ProviderSettings.resolve(URI.create("memcached://h:1"), null, LOADER);

        assertEquals(
                List.of(new ServerAddress("other", 2, 1)),
                settings.clientConfig().servers());
        assertTrue(settings.toString().contains("memjcache.servers=other:2 (from system properties)"));
    }

    @Test
    void propertiesOfOtherLibrariesAreIgnoredAndPropertiesDefaultsCount() {
        Properties defaults = props("memjcache.embedded.memoryMb", "128");
        Properties properties = new Properties(defaults);
        properties.setProperty("javax.cache.test.1", "value1");
        properties.put("hazelcast.instance", new Object());

        ProviderSettings settings = ProviderSettings.resolve(DEFAULT, properties, LOADER);

        assertEquals(128, settings.embeddedMemoryMegabytes());
    }

    @Test
    void aClasspathUriReadsThePropertiesFileThroughTheClassLoader() throws IOException {
        Files.writeString(
                directory.resolve("memjcache-test.properties"),
                "memjcache.servers=a:1,b:2\nmemjcache.borrowTimeout=2m\n",
                StandardCharsets.UTF_8);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {directory.toUri().toURL()}, LOADER)) {
            for (String uri : List.of("classpath:memjcache-test.properties", "classpath:/memjcache-test.properties")) {
                ClientConfig config =
                        ProviderSettings.resolve(URI.create(uri), null, loader).clientConfig();

                assertEquals(2, config.servers().size(), uri);
                assertEquals(Duration.ofMinutes(2), config.borrowTimeout(), uri);
            }
            IllegalArgumentException missing = assertThrows(
                    IllegalArgumentException.class,
                    () -> ProviderSettings.resolve(URI.create("classpath:missing.properties"), null, LOADER));
            assertTrue(missing.getMessage().contains("classpath:missing.properties"), missing.getMessage());
        }
    }

    @Test
    void fileAndJarUrisReadThePropertiesFile() throws IOException {
        Path file = directory.resolve("settings.properties");
        Files.writeString(file, "memjcache.embedded.memoryMb=256\n", StandardCharsets.UTF_8);
        Path jar = directory.resolve("settings.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("conf/memjcache.properties"));
            out.write("memjcache.retryDelay=3s\nmemjcache.servers=h:1\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        ProviderSettings fromFile = ProviderSettings.resolve(file.toUri(), null, LOADER);
        ProviderSettings fromJar = ProviderSettings.resolve(
                URI.create("jar:" + jar.toUri() + "!/conf/memjcache.properties"), null, LOADER);

        assertEquals(256, fromFile.embeddedMemoryMegabytes());
        assertEquals(Duration.ofSeconds(3), fromJar.clientConfig().retryDelay());
        assertTrue(fromJar.toString().contains("(from jar:file:"), fromJar.toString());
        assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(
                        directory.resolve("absent.properties").toUri(), null, LOADER));
    }

    @Test
    void aFileKeyWithoutThePrefixIsAnError() throws IOException {
        Path file = directory.resolve("unprefixed.properties");
        Files.writeString(file, "opTimeout=2s\n", StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ProviderSettings.resolve(file.toUri(), null, LOADER));

        assertTrue(
                e.getMessage().startsWith("setting opTimeout (from " + file.toUri() + ") does not start with"),
                e.getMessage());
    }

    @Test
    void anInvalidValueNamesTheKeyTheValueAndTheSource() {
        System.setProperty("memjcache.opTimeout", "fast");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ProviderSettings.resolve(DEFAULT, null, LOADER));

        assertTrue(
                e.getMessage()
                        .startsWith(
                                "memjcache.opTimeout = 'fast' (from system properties): expected a duration like 500ms, 2s"),
                e.getMessage());
    }

    @Test
    void replicasDefaultToOneAndCannotExceedTheServers() {
        assertEquals(1, ProviderSettings.resolve(DEFAULT, null, LOADER).replicas());
        ProviderSettings three =
                ProviderSettings.resolve(URI.create("memcached://a:1,b:2,c:3?replicas=3"), null, LOADER);
        assertEquals(3, three.replicas());

        IllegalArgumentException tooMany = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(URI.create("memcached://a:1,b:2?replicas=3"), null, LOADER));
        assertTrue(
                tooMany.getMessage()
                        .startsWith("memjcache.replicas = '3' (from memcached://a:1,b:2?replicas=3): 3 replicas"
                                + " need at least 3 servers, but only 2 servers are configured"),
                tooMany.getMessage());
        IllegalArgumentException embedded = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.replicas", "2"), LOADER));
        assertTrue(embedded.getMessage().contains("but only 1 server is configured"), embedded.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(DEFAULT, props("memjcache.replicas", "0"), LOADER));
    }

    @Test
    void badValuesFromEverySourceFailFast() {
        assertRejected(
                props("memjcache.connectTimeout", "0ms"),
                DEFAULT,
                "memjcache.connectTimeout = '0ms' (from the Properties passed to getCacheManager): expected a "
                        + "duration from 1ms to 1h");
        assertRejected(props("memjcache.retryDelay", "2h"), DEFAULT, "memjcache.retryDelay = '2h'");
        assertRejected(props("memjcache.borrowTimeout", "5"), DEFAULT, "memjcache.borrowTimeout = '5'");
        assertRejected(
                props("memjcache.maxConnectionsPerServer", "0"),
                DEFAULT,
                "memjcache.maxConnectionsPerServer = '0' (from the Properties passed to getCacheManager): expected a "
                        + "whole number from 1 to 1024");
        assertRejected(props("memjcache.embedded.memoryMb", "lots"), DEFAULT, "memjcache.embedded.memoryMb = 'lots'");
        assertRejected(
                null,
                URI.create("memcached://h:1?opTimeout=soon"),
                "memjcache.opTimeout = 'soon' (from memcached://h:1?opTimeout=soon)");
        assertRejected(null, URI.create("memcached://h:99999"), "memjcache.servers = 'h:99999' (from memcached://");
        assertRejected(props("memjcache.servers", "a:1,,b:2"), DEFAULT, "found an empty entry");
        assertRejected(props("memjcache.servers", "a:1,A:1"), DEFAULT, "listed twice");
        assertRejected(props("memjcache.servers", "a:1:0"), DEFAULT, "weight in a:1:0");
        assertRejected(props("memjcache.servers", "::1"), DEFAULT, "IPv6 addresses in brackets");
        assertRejected(props("memjcache.servers", "::1:11211"), DEFAULT, "IPv6 addresses in brackets");
        assertRejected(props("memjcache.servers", "[::1"), DEFAULT, "unclosed");
    }

    @Test
    void theSameHostInAnotherCaseIsListedTwiceWhateverTheDefaultLocale() {
        // Under a Turkish default locale "I".toLowerCase() is a dotless i: without Locale.ROOT, cache-I and cache-i
        // would count as two servers.
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertRejected(props("memjcache.servers", "cache-I:1,cache-i:1"), DEFAULT, "listed twice");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void unknownKeysAreErrorsWithASuggestion() {
        assertRejected(
                props("memjcache.opTimout", "1s"),
                DEFAULT,
                "unknown setting memjcache.opTimout (from the Properties passed to getCacheManager) "
                        + "(did you mean memjcache.opTimeout?)");
        System.setProperty("memjcache.opTimout", "1s");
        assertRejected(null, DEFAULT, "unknown setting memjcache.opTimout (from system properties)");
        System.clearProperty("memjcache.opTimout");
        assertRejected(
                null,
                URI.create("memcached://h:1?optimeout=1s"),
                "unknown setting optimeout (from memcached://h:1?optimeout=1s) (did you mean opTimeout?)");
        assertRejected(null, URI.create("memcached://h:1?servers=x:2"), "sets the servers twice");
        assertRejected(null, URI.create("memcached://h:1?opTimeout"), "has no value");
    }

    @Test
    void aNonStringValueIsAnError() {
        Properties properties = new Properties();
        properties.put("memjcache.maxConnectionsPerServer", 8);

        assertRejected(
                properties,
                DEFAULT,
                "memjcache.maxConnectionsPerServer (from the Properties passed to "
                        + "getCacheManager) must be a String, not a java.lang.Integer");
    }

    @Test
    void unsupportedUrisAreErrors() {
        assertRejected(null, URI.create("MY-URI"), "unsupported cache manager URI MY-URI");
        assertRejected(null, URI.create("http://example.com/x.properties"), "unsupported cache manager URI");
        assertRejected(null, URI.create("memjcache:bad%20name"), "unsupported cache manager URI");
        assertRejected(null, URI.create("memcached:///path"), "names no servers");
        assertRejected(null, URI.create("memcached://h:1/path"), "has a path or fragment");
    }

    @Test
    void namedMemjcacheUrisUseTheDefaults() {
        ProviderSettings settings = ProviderSettings.resolve(URI.create("memjcache:orders"), null, LOADER);

        assertTrue(settings.embedded());
        assertEquals(
                Duration.ofSeconds(1),
                settings.withServers(List.of(ServerAddress.of("h", 1))).operationTimeout());
    }

    @Test
    void theSerializerIsInstantiatedThroughTheClassLoader() {
        String name = TestSerializer.class.getName();
        ClassLoader isolating = new IsolatingClassLoader(LOADER, Set.of(name));

        ProviderSettings settings = ProviderSettings.resolve(DEFAULT, props("memjcache.serializer", name), isolating);

        assertEquals(name, settings.serializer().getClass().getName());
        assertSame(isolating, settings.serializer().getClass().getClassLoader());
        assertSame(settings.serializer(), settings.serializer(), "one shared instance");
    }

    @Test
    void aBadSerializerIsNamed() {
        assertRejected(
                props("memjcache.serializer", "com.example.Missing"),
                DEFAULT,
                "memjcache.serializer = 'com.example.Missing' (from the Properties passed to getCacheManager): "
                        + "expected the name of a Serializer class; no class of that name is visible");
        assertRejected(
                props("memjcache.serializer", "java.lang.String"),
                DEFAULT,
                "expected a class implementing io.memjcache.jcache.serialization.Serializer");
        assertRejected(
                props("memjcache.serializer", "io.memjcache.jcache.serialization.Serializer"), DEFAULT, "abstract");
    }

    @Test
    void theAllowListIsParsedAndABadPatternIsNamed() {
        ProviderSettings settings = ProviderSettings.resolve(
                URI.create("memcached://h:1?serialization.allow=" + "com.acme.Order,org.shop.**"), null, LOADER);

        assertTrue(settings.allowedClasses().allows("com.acme.Order"));
        assertTrue(settings.allowedClasses().allows("org.shop.cart.Line"));
        assertTrue(!settings.allowedClasses().allows("com.acme.Other"));
        assertTrue(!ProviderSettings.resolve(DEFAULT, null, LOADER)
                .allowedClasses()
                .allows("com.acme.Order"));
        assertRejected(
                props("memjcache.serialization.allow", "com.acme.*,*"),
                DEFAULT,
                "memjcache.serialization.allow = 'com.acme.*,*' (from the Properties passed to getCacheManager): "
                        + "expected a class name (com.acme.Order), a package (com.acme.*)");
    }

    @Test
    void toStringListsEveryKeyWithItsSource() {
        System.setProperty("memjcache.retryDelay", "2s");

        String text = ProviderSettings.resolve(
                        URI.create("memcached://h:1"), props("memjcache.opTimeout", "1s"), LOADER)
                .toString();

        for (SettingKey key : SettingKey.values()) {
            assertTrue(text.contains(key.propertyName() + "="), key + " missing from " + text);
        }
        assertTrue(text.contains("memjcache.servers=h:1 (from memcached://h:1)"), text);
        assertTrue(text.contains("memjcache.opTimeout=1s (from the Properties passed to getCacheManager)"), text);
        assertTrue(text.contains("memjcache.retryDelay=2s (from system properties)"), text);
        assertTrue(text.contains("memjcache.serializer=" + DefaultSerializer.class.getName() + " (default)"), text);
    }

    private static void assertRejected(Properties properties, URI uri, String expectedMessagePart) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.resolve(uri, properties, LOADER),
                expectedMessagePart);
        assertTrue(
                e.getMessage().contains(expectedMessagePart),
                "expected '" + expectedMessagePart + "' in: " + e.getMessage());
    }

    private static Properties props(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
