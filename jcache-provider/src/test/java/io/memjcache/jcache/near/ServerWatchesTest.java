package io.memjcache.jcache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.BackendTestSupport;
import io.memjcache.jcache.MemjcacheCacheManager;
import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.DeleteMarkers;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of change another client or manager makes to a cache's entries reaches the {@link NearInvalidations} of
 * a cache registered in {@code eventual} mode, within the staleness bound, on the bundled server (which logs deletes)
 * and on memcached 1.6.18 (which does not: the deleting client writes delete markers, as a JVM configured for
 * {@code eventual} does). Each delay is measured from just before the change was requested to the call, and printed.
 */
class ServerWatchesTest extends BackendTestSupport {

    static final Duration BOUND = Duration.ofMillis(100);
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    /** Waits, polling, until {@code condition} holds; fails if it does not within {@code within}. */
    static void awaitTrue(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + within);
            }
            LockSupport.parkNanos(50_000); // polling with a deadline, not waiting out a time
        }
    }

    static ServerAddress serverOf(String backend) {
        String hostPort = properties(backend).getProperty("memjcache.servers");
        int colon = hostPort.lastIndexOf(':');
        return ServerAddress.of(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyChangeByAnotherClientIsInvalidatedWithinTheBound(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager writer = managerInNewProvider(backend, uri);
        Cache<String, String> cache = writer.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        CacheNamespace namespace = CacheNamespace.of(uri, "c");
        ServerAddress server = serverOf(backend);
        ClientConfig config = ClientConfig.defaults(List.of(server));
        try (MemcachedClient watching = MemcachedClient.create(config);
                MemcachedClient other = MemcachedClient.create(config);
                ServerWatches watches = new ServerWatches(watching)) {
            RecordingInvalidations calls = new RecordingInvalidations();
            WatchRegistration registration = watches.register(namespace, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            // A JVM that does not watch writes markers unless told the server logs deletes.
            EntryStore store = new EntryStore(other, namespace, DeleteMarkers.ALWAYS);
            Delays delays = new Delays(calls, registration, server, watches);
            warmUp(cache); // the first call of each operation loads classes: not what is measured

            delays.ofKey("put", key(namespace, "a"), () -> cache.put("a", "1"));
            delays.ofKey("getAndPut", key(namespace, "a"), () -> cache.getAndPut("a", "2"));
            delays.ofKey("replace", key(namespace, "a"), () -> cache.replace("a", "3"));
            delays.ofKey(
                    "invoke",
                    key(namespace, "a"),
                    () -> cache.invoke("a", (entry, arguments) -> {
                        entry.setValue("4");
                        return null;
                    }));
            delays.ofKey("putAll", key(namespace, "b"), () -> cache.putAll(Map.of("b", "1", "c", "1")));
            delays.ofKey(
                    "ms",
                    key(namespace, "raw"),
                    () -> other.store(
                            StoreRequest.set(key(namespace, "raw"), "x".getBytes(StandardCharsets.US_ASCII), 0)));

            Snapshot a = store.read(SERIALIZER.serialize("a"));
            delays.ofKey("md (delete of the store)", key(namespace, "a"), () -> store.delete(a));
            Snapshot b = store.read(SERIALIZER.serialize("b"));
            Snapshot c = store.read(SERIALIZER.serialize("c"));
            delays.ofKey("md of a bulk delete", key(namespace, "c"), () -> store.deleteAll(List.of(b, c)));

            if (backend.equals(BUNDLED)) { // memcached: the provider writes markers once configured for eventual
                delays.ofKey("put", key(namespace, "d"), () -> cache.put("d", "1"));
                delays.ofKey("remove", key(namespace, "d"), () -> cache.remove("d"));
                delays.ofKey("putAll", key(namespace, "e"), () -> cache.putAll(Map.of("e", "1", "f", "1")));
                delays.ofKey("removeAll", key(namespace, "f"), () -> cache.removeAll(Set.of("e", "f")));
            }
            delays.ofServer("clear", server, cache::clear);

            delays.print(backend);
            assertEquals(List.of(), delays.servedStale(), "servable beyond the bound before the change was seen");
            assertTrue(watches.heartbeats() > 0);
        }
    }

    private static void warmUp(Cache<String, String> cache) {
        cache.put("warm", "1");
        cache.getAndPut("warm", "2");
        cache.replace("warm", "3");
        cache.invoke("warm", (entry, arguments) -> {
            entry.setValue("4");
            return null;
        });
        cache.putAll(Map.of("warm", "5", "warmer", "5"));
        cache.remove("warm");
        cache.removeAll(Set.of("warm", "warmer"));
    }

    static String key(CacheNamespace namespace, String key) {
        return namespace.entryKey(SERIALIZER.serialize(key));
    }

    /**
     * The measured delays of one run, from just before a change was asked for to its invalidation, and the changes
     * that could have been served stale: while one was not yet seen, {@code servable} was true more than the bound
     * after the change had returned (when it had surely landed). A delay over the bound is no staleness when the
     * server was not servable meanwhile (a late heartbeat dropped it), and so is a change not seen at all while the
     * server stayed unservable; such delays and changes are printed, not failed.
     */
    static final class Delays {
        private final RecordingInvalidations calls;
        private final WatchRegistration registration;
        private final ServerAddress server;
        private final ServerWatches watches;
        private final List<String> names = new ArrayList<>();
        private final List<Long> nanos = new ArrayList<>();
        private final List<String> stale = new ArrayList<>();
        private final List<String> unseen = new ArrayList<>();

        Delays(
                RecordingInvalidations calls,
                WatchRegistration registration,
                ServerAddress server,
                ServerWatches watches) {
            this.watches = watches;
            this.calls = calls;
            this.registration = registration;
            this.server = server;
        }

        void ofKey(String name, String memcachedKey, Runnable change) {
            measure(name, call -> call.key().equals(memcachedKey), change);
        }

        void ofServer(String name, ServerAddress dropped, Runnable change) {
            measure(name, call -> call.server().equals(dropped), change);
        }

        private void measure(String name, Predicate<RecordingInvalidations.Call> seen, Runnable change) {
            long start = System.nanoTime();
            change.run();
            long landed = System.nanoTime();
            long deadline = landed + PATIENCE.toNanos();
            boolean servedStale = false;
            while (true) {
                Long at = calls.first(seen, start);
                if (at != null) {
                    names.add(name);
                    nanos.add(at - start);
                    return;
                }
                long now = System.nanoTime();
                if (!servedStale && now - landed > BOUND.toNanos() && registration.servable(server)) {
                    servedStale = true;
                    stale.add(name);
                }
                if (now - deadline > 0) {
                    // Not seen, and (else it was counted above) never servable meanwhile: nothing was served stale,
                    // as when the client marked the server down and its heartbeats wait out the retry delay. Only
                    // with such trouble reported.
                    if (watches.heartbeatFailures() + watches.losses() + watches.lapses() == 0) {
                        throw new AssertionError(
                                name + " not seen within " + PATIENCE + ", the watch reporting no trouble");
                    }
                    unseen.add(name + " (heartbeats " + watches.heartbeats() + ", failed " + watches.heartbeatFailures()
                            + ", losses " + watches.losses() + ", lapses " + watches.lapses() + ")");
                    return;
                }
                LockSupport.parkNanos(50_000); // polling with a deadline, not waiting out a time
            }
        }

        List<String> servedStale() {
            return stale;
        }

        void print(String backend) {
            StringBuilder line = new StringBuilder("invalidation delays on " + backend + " (us):");
            int over = 0;
            for (int i = 0; i < names.size(); i++) {
                line.append(' ').append(names.get(i)).append('=').append(TimeUnit.NANOSECONDS.toMicros(nanos.get(i)));
                over += nanos.get(i) >= BOUND.toNanos() ? 1 : 0;
            }
            System.out.println(line.append("; over the bound: ")
                    .append(over)
                    .append("; not seen: ")
                    .append(unseen));
        }
    }
}
