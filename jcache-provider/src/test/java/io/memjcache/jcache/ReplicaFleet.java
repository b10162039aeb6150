package io.memjcache.jcache;

import io.memjcache.jcache.client.ClientProbe;
import io.memjcache.jcache.client.CuttingProxy;
import io.memjcache.jcache.client.ReplicationStats;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * Three servers behind cache managers with {@code memjcache.replicas=2} and short timeouts, for tests that kill a
 * server, silence it or resume it, and restart it empty on its port: real memcached processes (SIGKILL, SIGSTOP,
 * SIGCONT), or the bundled server, each behind a {@link CuttingProxy} (killed: the server closed and every
 * connection cut, new ones closed at once; silenced: the proxy passes no byte on, yet accepts connections, as the
 * kernel does for a stopped process). Every manager comes from a provider of its own (standing for a JVM of its own) and shares one namespace, so
 * all see the same caches. Which servers keep a key is asked of a manager's client.
 *
 * <p>Not thread-safe apart from {@link #isMarkedDown}. Close it: that closes the providers and the processes.
 * Arguments must not be {@code null}.
 */
final class ReplicaFleet implements AutoCloseable {

    static final Duration OP_TIMEOUT = Duration.ofMillis(800);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration BORROW_TIMEOUT = Duration.ofMillis(300);
    static final Duration RETRY_DELAY = Duration.ofMillis(300);
    /** The longest one call may take: a failing owner, then a replica, each within its timeouts. */
    static final Duration CALL_LIMIT =
            OP_TIMEOUT.plus(CONNECT_TIMEOUT).plus(BORROW_TIMEOUT).multipliedBy(2);
    /** Backoff doubles the retry delay at most four times; the rest is room for a slow machine. */
    static final Duration RECOVERY_LIMIT = RETRY_DELAY.multipliedBy(16).plusSeconds(10);

    /** The backends a fleet can be made of, as {@link #start(String)} names them. */
    static final String MEMCACHED = "memcached";

    static final String BUNDLED = "memjcache";

    private final List<Member> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<MemjcacheCachingProvider> providers = new ArrayList<>();
    private final String namespace = "replicas-" + UUID.randomUUID();

    private ReplicaFleet() {}

    /** @return three real memcached processes */
    static ReplicaFleet start() {
        return start(MEMCACHED);
    }

    /** @param backend {@link #MEMCACHED} or {@link #BUNDLED} */
    static ReplicaFleet start(String backend) {
        ReplicaFleet fleet = new ReplicaFleet();
        try {
            for (int i = 0; i < 3; i++) {
                Member server =
                        switch (backend) {
                            case MEMCACHED -> new Memcached(ReferenceMemcached.start());
                            case BUNDLED -> new Bundled();
                            default -> throw new IllegalArgumentException("unknown backend " + backend);
                        };
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

    /** The server and its data are gone (SIGKILL). */
    void kill(int index) {
        servers.get(index).kill();
    }

    /** The server keeps its connections and data, and answers nothing (SIGSTOP). */
    void silence(int index) {
        servers.get(index).silence();
    }

    /** A silenced server answers again, with the data it had (SIGCONT). */
    void resume(int index) {
        servers.get(index).resume();
    }

    /** Starts server {@code index} again, empty, on its old port (after {@link #kill}). */
    void restart(int index) {
        servers.get(index).restart();
    }

    @Override
    public void close() {
        providers.forEach(MemjcacheCachingProvider::close);
        servers.forEach(Member::close);
    }

    /** One server of the fleet, as the tests act on it. */
    private interface Member extends AutoCloseable {
        int port();

        void kill();

        void silence();

        void resume();

        void restart();

        @Override
        void close();
    }

    /** A memcached process, acted on by signals. */
    private static final class Memcached implements Member {
        private ReferenceMemcached process;
        private final int port;
        private boolean silenced;

        Memcached(ReferenceMemcached process) {
            this.process = process;
            this.port = process.port();
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void kill() {
            process.signal("KILL");
        }

        @Override
        public void silence() {
            process.signal("STOP");
            silenced = true;
        }

        @Override
        public void resume() {
            process.signal("CONT");
            silenced = false;
        }

        @Override
        public void restart() {
            process.close();
            process = ReferenceMemcached.startOn(port);
        }

        @Override
        public void close() {
            if (silenced) {
                process.signal("CONT"); // SIGKILL works on stopped ones too
            }
            process.close();
        }
    }

    /** The bundled server behind a proxy, which the clients connect to. */
    private static final class Bundled implements Member {
        private ServerUnderTest server = ServerUnderTest.bundled();
        private final int serverPort = server.port();
        private final CuttingProxy proxy = new CuttingProxy(server.address());
        private boolean running = true;

        @Override
        public int port() {
            return proxy.address().port();
        }

        @Override
        public void kill() {
            stopServer();
            proxy.cutAll();
        }

        @Override
        public void silence() {
            proxy.freeze();
        }

        @Override
        public void resume() {
            proxy.thaw();
        }

        @Override
        public void restart() {
            stopServer();
            server = ServerUnderTest.bundled(config -> config.port(serverPort));
            running = true;
        }

        private void stopServer() {
            if (running) {
                running = false;
                server.close();
            }
        }

        @Override
        public void close() {
            proxy.close();
            stopServer();
        }
    }
}
