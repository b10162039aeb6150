package io.memjcache.jcache;

import io.memjcache.jcache.client.ClientProbe;
import io.memjcache.jcache.client.ReplicationStats;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * Three real memcached processes behind cache managers with {@code memjcache.replicas=2} and short timeouts, for
 * tests that kill a server (SIGKILL), silence it (SIGSTOP) or resume it (SIGCONT), and restart it empty on its
 * port. Every manager comes from a provider of its own (standing for a JVM of its own) and shares one namespace, so
 * all see the same caches. Which servers keep a key is asked of a manager's client.
 *
 * <p>Not thread-safe apart from {@link #isMarkedDown}. Close it: that closes the providers and the processes.
 * Arguments must not be {@code null}.
 */
final class ReplicaFleet implements AutoCloseable {

    static final Duration OP_TIMEOUT = Duration.ofMillis(300);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration BORROW_TIMEOUT = Duration.ofMillis(300);
    static final Duration RETRY_DELAY = Duration.ofMillis(300);
    /** The longest one call may take: a failing owner, then a replica, each within its timeouts. */
    static final Duration CALL_LIMIT =
            OP_TIMEOUT.plus(CONNECT_TIMEOUT).plus(BORROW_TIMEOUT).multipliedBy(2);
    /** Backoff doubles the retry delay at most four times; the rest is room for a slow machine. */
    static final Duration RECOVERY_LIMIT = RETRY_DELAY.multipliedBy(16).plusSeconds(10);

    private final List<ReferenceMemcached> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<MemjcacheCachingProvider> providers = new ArrayList<>();
    private final String namespace = "replicas-" + UUID.randomUUID();
    private final Set<Integer> silenced = new HashSet<>();

    private ReplicaFleet() {}

    static ReplicaFleet start() {
        ReplicaFleet fleet = new ReplicaFleet();
        try {
            for (int i = 0; i < 3; i++) {
                ReferenceMemcached server = ReferenceMemcached.start();
                fleet.servers.add(server);
                fleet.ports.add(server.port());
            }
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** @return the port of server {@code index} (configuration order), the same after a restart */
    int port(int index) {
        return ports.get(index);
    }

    /** @return a new manager (of a new provider) on the three servers, two replicas, sharing this fleet's caches */
    MemjcacheCacheManager manager() {
        MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
        providers.add(provider);
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers",
                ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        properties.setProperty("memjcache.replicas", "2");
        properties.setProperty("memjcache.namespace", namespace);
        properties.setProperty("memjcache.opTimeout", OP_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.connectTimeout", CONNECT_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.borrowTimeout", BORROW_TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.retryDelay", RETRY_DELAY.toMillis() + "ms");
        URI uri = URI.create("memjcache:replica-fleet-" + UUID.randomUUID());
        return (MemjcacheCacheManager) provider.getCacheManager(uri, getClass().getClassLoader(), properties);
    }

    /** @return the String cache {@code name} of {@code manager}, created there */
    static Cache<String, String> cache(MemjcacheCacheManager manager, String name) {
        return manager.createCache(
                name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    /** @return the indexes (configuration order) of the servers keeping {@code key} of cache {@code name}, owner first */
    List<Integer> placement(MemjcacheCacheManager manager, String name, String key) {
        String itemKey = CacheNamespace.of(namespace, name).entryKey(new DefaultSerializer().serialize(key));
        List<Integer> indexes = new ArrayList<>();
        for (ServerAddress server : manager.client().replicaServers(itemKey)) {
            indexes.add(ports.indexOf(server.port()));
        }
        return indexes;
    }

    /** @return whether {@code manager} currently skips server {@code index} as down */
    static boolean isMarkedDown(MemjcacheCacheManager manager, int index) {
        return ClientProbe.isMarkedDown(manager.client(), index);
    }

    /** @return the replication counts of {@code manager}'s client */
    static ReplicationStats stats(MemjcacheCacheManager manager) {
        return manager.client().replicationStats();
    }

    /** SIGKILL: the server and its data are gone. */
    void kill(int index) {
        servers.get(index).signal("KILL");
    }

    /** SIGSTOP: the server keeps its connections and data, and answers nothing. */
    void silence(int index) {
        servers.get(index).signal("STOP");
        silenced.add(index);
    }

    /** SIGCONT: a silenced server answers again, with the data it had. */
    void resume(int index) {
        servers.get(index).signal("CONT");
        silenced.remove(index);
    }

    /** Starts server {@code index} again, empty, on its old port (after {@link #kill}). */
    void restart(int index) {
        servers.get(index).close();
        servers.set(index, ReferenceMemcached.startOn(ports.get(index)));
    }

    @Override
    public void close() {
        providers.forEach(MemjcacheCachingProvider::close);
        silenced.forEach(index -> servers.get(index).signal("CONT")); // SIGKILL works on stopped ones too
        servers.forEach(ReferenceMemcached::close);
    }
}
