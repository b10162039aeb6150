package io.memjcache.benchmarks.jcache;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * Opens the {@code javax.cache.Cache<String, String>} of a JCache target the way an application would: the
 * provider named by class (several providers share the class path), {@code getCacheManager(uri, loader,
 * properties)}, and {@code createCache} with the same {@link MutableConfiguration} for every target. Not
 * thread-safe; used once per child JVM.
 */
final class JCacheTargets {

    static final String CACHE_NAME = "bench";

    /** The Hazelcast cluster the harness's member forms; a fixed name keeps it apart from anything else. */
    static final String HAZELCAST_CLUSTER = "memjcache-bench";

    private JCacheTargets() {}

    /** The cache and what closes it (the manager and, for Hazelcast, the client instance). */
    record Opened(Cache<String, String> cache, AutoCloseable closer) {}

    static Opened open(Target target, int port, Path workDir) throws IOException {
        ClassLoader loader = JCacheTargets.class.getClassLoader();
        Properties properties = new Properties();
        String providerClass;
        @Nullable URI uri = null; // the provider's default
        AutoCloseable extra = () -> {};
        switch (target) {
            case MEMJCACHE_MEMCACHED -> {
                // The README's form: the servers in a memcached:// URI.
                providerClass = "io.memjcache.jcache.MemjcacheCachingProvider";
                uri = URI.create("memcached://127.0.0.1:" + port);
            }
            case MEMJCACHE_EMBEDDED -> {
                // The zero-configuration default: no servers, so the bundled server starts in this JVM.
                providerClass = "io.memjcache.jcache.MemjcacheCachingProvider";
                uri = URI.create("memjcache:default");
            }
            case REDISSON -> {
                // Redisson reads its configuration (YAML) from the manager URI.
                providerClass = "org.redisson.jcache.JCachingProvider";
                Path config = workDir.resolve("redisson.yaml");
                Files.writeString(
                        config,
                        "singleServerConfig:\n  address: \"redis://127.0.0.1:" + port + "\"\n",
                        StandardCharsets.UTF_8);
                uri = config.toUri();
            }
            case HAZELCAST -> {
                providerClass = "com.hazelcast.client.cache.HazelcastClientCachingProvider";
                ClientConfig config = new ClientConfig();
                config.setClusterName(HAZELCAST_CLUSTER);
                config.getNetworkConfig().addAddress("127.0.0.1:" + port);
                HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
                properties = HazelcastCachingProvider.propertiesByInstanceItself(client);
                uri = URI.create("hazelcast:bench");
                extra = client::shutdown;
            }
            case CAFFEINE -> {
                providerClass = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
            }
            case EHCACHE -> {
                providerClass = "org.ehcache.jsr107.EhcacheCachingProvider";
            }
            default -> throw new IllegalArgumentException(target.id() + " is not a JCache target");
        }
        CachingProvider provider = Caching.getCachingProvider(providerClass, loader);
        CacheManager manager =
                provider.getCacheManager(uri == null ? provider.getDefaultURI() : uri, loader, properties);
        Cache<String, String> cache = manager.createCache(
                CACHE_NAME, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        AutoCloseable last = extra;
        return new Opened(cache, () -> {
            manager.close();
            last.close();
        });
    }
}
