package io.memjcache.jcache;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs a test against both storage backends: the bundled server and a real memcached (Debian's binary), each
 * started per test class and named by the parameter {@code backend}. (The zero-configuration default, which starts
 * the bundled server by itself, is tested in memjcache-embedded.) Each test gets fresh
 * providers, standing for separate JVMs, and manager URIs of its own so tests never see each other's data.
 *
 * <p>For JUnit's single test thread per class, not thread-safe. Arguments must not be {@code null}; results are
 * never {@code null}.
 */
public abstract class BackendTestSupport {

    protected static final String BUNDLED = "bundled";
    protected static final String MEMCACHED = "memcached";

    private static ServerUnderTest bundled;
    private static ReferenceMemcached memcached;
    private final List<MemjcacheCachingProvider> providers = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        bundled = ServerUnderTest.bundled();
        memcached = ReferenceMemcached.start();
    }

    @AfterAll
    static void stopServers() {
        try {
            if (memcached != null) {
                memcached.close();
            }
        } finally {
            if (bundled != null) {
                bundled.close();
            }
        }
    }

    protected static Stream<String> backends() {
        return Stream.of(BUNDLED, MEMCACHED);
    }

    @AfterEach
    void closeProviders() {
        providers.forEach(MemjcacheCachingProvider::close);
    }

    /** @return the settings of a backend: its server */
    protected static Properties properties(String backend) {
        Properties properties = new Properties();
        int port = backend.equals(MEMCACHED) ? memcached.port() : bundled.port();
        properties.setProperty("memjcache.servers", "127.0.0.1:" + port);
        return properties;
    }

    /** @return the settings of a cache kept on both backends' servers, each key on both (two replicas) */
    protected static Properties replicatedOnBoth() {
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers",
                properties(BUNDLED).getProperty("memjcache.servers") + ","
                        + properties(MEMCACHED).getProperty("memjcache.servers"));
        properties.setProperty("memjcache.replicas", "2");
        return properties;
    }

    /** @return the URI of a manager on the test class's memcached, its server given in the URI itself */
    static URI memcachedUri() {
        return URI.create("memcached://127.0.0.1:" + memcached.port());
    }

    /** @return a client of the reference memcached for writing items behind the provider's back; caller closes it */
    static MemcachedClient rawMemcachedClient() {
        return MemcachedClient.create(
                ClientConfig.defaults(List.of(new ServerAddress("127.0.0.1", memcached.port(), 1))));
    }

    /** @return a URI no other test uses */
    protected static URI uniqueUri() {
        return URI.create("memjcache:test-" + UUID.randomUUID());
    }

    /** @return a manager from a provider of its own, as another JVM would have */
    protected MemjcacheCacheManager managerInNewProvider(String backend, URI uri) {
        return managerInNewProvider(uri, properties(backend));
    }

    /**
     * @return a manager from a provider of its own, under a URI of its own, whose caches are those of every manager
     *         given the same {@code namespace} (the {@code memjcache.namespace} setting)
     */
    protected MemjcacheCacheManager managerInNamespace(String backend, String namespace) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.namespace", namespace);
        return managerInNewProvider(uniqueUri(), properties);
    }

    /** @return a manager from a provider of its own, with the given settings */
    protected MemjcacheCacheManager managerInNewProvider(URI uri, Properties properties) {
        return managerInNewProvider(uri, properties, getClass().getClassLoader());
    }

    /** @return a manager from a provider of its own, with the given settings and class loader */
    protected MemjcacheCacheManager managerInNewProvider(URI uri, Properties properties, ClassLoader classLoader) {
        MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
        providers.add(provider);
        return (MemjcacheCacheManager) provider.getCacheManager(uri, classLoader, properties);
    }
}
