package io.memjcache.jcache.client;

import static io.memjcache.jcache.client.AsciiAuthClientTest.assertNoPassword;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS and authentication through the JCache API, configured with the provider's settings only: a cache round
 * trip (single, bulk, iteration, entry processors) on a TLS server requiring authentication, a wrong password
 * failing the first operation naming the server and the user, and the warning for host name verification off.
 * Every log record of the JVM during a test (at every level) and every exception chain is checked for the
 * password.
 */
@Timeout(60)
class SecureCacheTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;
    private MemjcacheCachingProvider provider;

    @TempDir
    Path dir;

    @BeforeEach
    void collectLogs() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        collector.setLevel(Level.ALL);
        root.addHandler(collector);
        provider = new MemjcacheCachingProvider();
    }

    @AfterEach
    void stop() {
        provider.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(collector);
        root.setLevel(rootLevel);
    }

    private CacheManager manager(int port, String password, String... keyValues) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("memjcache.servers", "127.0.0.1:" + port);
        properties.setProperty("memjcache.tls", "true");
        properties.setProperty(
                "memjcache.tls.caFile", SecureServers.certs().cert("ca").toString());
        properties.setProperty("memjcache.username", SecureServers.USER);
        Path passwordFile = Files.writeString(dir.resolve("password-" + UUID.randomUUID()), password + "\n");
        properties.setProperty("memjcache.passwordFile", passwordFile.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return provider.getCacheManager(
                URI.create("memjcache:secure-" + UUID.randomUUID()), getClass().getClassLoader(), properties);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aCacheRoundTripOverTlsWithAuthentication(String kind) throws IOException {
        try (ServerUnderTest server = SecureServers.start(kind, "server", false, SecureServers.authFile(dir))) {
            CacheManager manager = manager(server.port(), SecureServers.PASSWORD);
            Cache<String, Integer> cache = manager.createCache(
                    "secure", new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
            cache.put("one", 1);
            assertEquals(1, cache.get("one"));
            Map<String, Integer> many = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                many.put("k" + i, i);
            }
            cache.putAll(many);
            assertEquals(many, cache.getAll(many.keySet()));
            int iterated = 0;
            for (Cache.Entry<String, Integer> entry : cache) {
                iterated++;
                assertTrue(entry.getKey().equals("one") || many.containsKey(entry.getKey()), entry.getKey());
            }
            assertEquals(51, iterated);
            Integer invoked = cache.invoke("one", (entry, args) -> {
                entry.setValue(entry.getValue() + 1);
                return entry.getValue();
            });
            assertEquals(Integer.valueOf(2), invoked);
            cache.removeAll(Set.of("k1", "k2"));
            assertFalse(cache.containsKey("k1"));
            cache.clear();
            assertFalse(cache.iterator().hasNext());
        }
        assertNoPasswordLogged(SecureServers.PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aWrongPasswordFailsTheFirstOperationNamingServerAndUser(String kind) throws IOException {
        String wrong = "wrong-" + SecureServers.PASSWORD;
        try (ServerUnderTest server = SecureServers.start(kind, "server", false, SecureServers.authFile(dir))) {
            CacheManager manager = manager(server.port(), wrong);
            Cache<String, String> cache = manager.createCache(
                    "secure", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            for (int i = 0; i < 20; i++) {
                CacheException e = assertThrows(CacheException.class, () -> cache.get("k"));
                assertTrue(
                        e.getMessage()
                                .contains("authentication failed on 127.0.0.1:" + server.port() + " for user "
                                        + SecureServers.USER),
                        e.getMessage());
                assertNoPassword(e, wrong);
                assertFalse(manager.toString().contains(wrong), manager.toString());
            }
        }
        assertNoPasswordLogged(wrong);
    }

    @Test
    void hostNameVerificationOffIsWarnedOncePerManager() throws IOException {
        try (ServerUnderTest server =
                SecureServers.start("memjcache", "other-host", false, SecureServers.authFile(dir))) {
            CacheManager manager =
                    manager(server.port(), SecureServers.PASSWORD, "memjcache.tls.verifyHostname", "false");
            Cache<String, String> cache = manager.createCache(
                    "secure", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
            manager.createCache("another", new MutableConfiguration<>());
            List<LogRecord> warnings = records.stream()
                    .filter(r ->
                            Level.WARNING.equals(r.getLevel()) && formatted(r).contains("verifyHostname=false"))
                    .toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(formatted(warnings.get(0)).contains(manager.getURI().toString()), formatted(warnings.get(0)));
        }
        assertNoPasswordLogged(SecureServers.PASSWORD);
    }

    private void assertNoPasswordLogged(String password) {
        for (LogRecord record : records) {
            assertFalse(formatted(record).contains(password), formatted(record));
            assertNoPassword(record.getThrown(), password);
        }
    }

    private static String formatted(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        Object[] parameters = record.getParameters();
        return parameters == null ? message : MessageFormat.format(message, parameters);
    }
}
