package io.memjcache.jcache.near;

import static io.memjcache.jcache.near.ServerWatchesTest.BOUND;
import static io.memjcache.jcache.near.ServerWatchesTest.PATIENCE;
import static io.memjcache.jcache.near.ServerWatchesTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.CuttingProxy;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.TestServers;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whenever the bound cannot be kept, a registered cache's entries of the server are dropped and the server is not
 * servable, within the bound; once a heartbeat sent after recovery comes back, it is servable again. Each case
 * measures from the moment of the fault to {@link NearInvalidations#invalidateServer} and to {@code servable}
 * turning false.
 */
class ServerWatchesLossTest {

    private static final CacheNamespace NAMESPACE = CacheNamespace.of("loss", "c");

    private static ClientConfig config(ServerAddress server, Duration operationTimeout) {
        return new ClientConfig(
                List.of(server),
                operationTimeout,
                Duration.ofSeconds(1),
                4,
                Duration.ofSeconds(1),
                Duration.ofMillis(200));
    }

    /** Waits for the first server drop after {@code fault} and for servable to be false; both within the bound. */
    private static void assertDroppedWithinTheBound(
            RecordingInvalidations calls, WatchRegistration registration, ServerAddress server, long fault) {
        long dropped = calls.awaitServer(server, fault, PATIENCE);
        long unservable = System.nanoTime();
        awaitTrue(() -> !registration.servable(server), PATIENCE);
        unservable = Math.min(unservable, System.nanoTime());
        long dropMicros = TimeUnit.NANOSECONDS.toMicros(dropped - fault);
        System.out.println("dropped " + dropMicros + " us after the fault");
        assertTrue(dropped - fault < BOUND.toNanos(), "dropped " + dropMicros + " us after the fault");
        assertTrue(
                unservable - fault < BOUND.toNanos() + TimeUnit.MILLISECONDS.toNanos(50),
                "still servable " + TimeUnit.NANOSECONDS.toMicros(unservable - fault) + " us after the fault");
    }

    @Test
    void aCutWatchConnectionDropsTheServerUntilANewOneIsConfirmed() {
        try (ServerUnderTest bundled = ServerUnderTest.bundled();
                CuttingProxy proxy = new CuttingProxy(bundled.address());
                MemcachedClient client = MemcachedClient.create(config(proxy.address(), Duration.ofSeconds(1)));
                ServerWatches watches = new ServerWatches(client)) {
            ServerAddress server = proxy.address();
            RecordingInvalidations calls = new RecordingInvalidations();
            WatchRegistration registration = watches.register(NAMESPACE, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            long fault = System.nanoTime();
            proxy.cutAll();
            assertDroppedWithinTheBound(calls, registration, server, fault);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            assertTrue(watches.losses() >= 1);
        }
    }

    @Test
    void aStoppedServerDropsTheServerAndIsMarkedDownUntilItResumes() {
        try (ReferenceMemcached memcached = ReferenceMemcached.start();
                MemcachedClient client = MemcachedClient.create(
                        config(ServerAddress.of("127.0.0.1", memcached.port()), Duration.ofMillis(300)));
                ServerWatches watches = new ServerWatches(client)) {
            ServerAddress server = client.servers().get(0);
            RecordingInvalidations calls = new RecordingInvalidations();
            WatchRegistration registration = watches.register(NAMESPACE, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            long fault = System.nanoTime();
            memcached.signal("STOP");
            try {
                assertDroppedWithinTheBound(calls, registration, server, fault);
                // A heartbeat times out after the operation timeout: the client marks the server down.
                awaitTrue(() -> watches.serversMarkedDown() >= 1, PATIENCE);
                assertTrue(!registration.servable(server));
            } finally {
                memcached.signal("CONT");
            }
            awaitTrue(() -> registration.servable(server), PATIENCE);
        }
    }

    @Test
    void aWatcherThatFallsBehindSeesSkippedLinesAndDropsTheServer() {
        try (ReferenceMemcached memcached = ReferenceMemcached.start();
                MemcachedClient client = MemcachedClient.create(
                        config(ServerAddress.of("127.0.0.1", memcached.port()), Duration.ofSeconds(1)));
                MemcachedClient writer = MemcachedClient.create(
                        config(ServerAddress.of("127.0.0.1", memcached.port()), Duration.ofSeconds(5)));
                ServerWatches watches = new ServerWatches(client)) {
            ServerAddress server = client.servers().get(0);
            CountDownLatch release = new CountDownLatch(1);
            String stallKey = ServerWatchesTest.key(NAMESPACE, "stall");
            RecordingInvalidations calls = new RecordingInvalidations() {
                @Override
                public void invalidate(String memcachedKey) {
                    super.invalidate(memcachedKey);
                    if (memcachedKey.equals(stallKey)) {
                        awaitRelease(release); // a slow consumer: the stream's reader is held up here
                    }
                }
            };
            WatchRegistration registration = watches.register(NAMESPACE, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            writer.store(StoreRequest.set(stallKey, new byte[1], 0));
            // Lines pile up in the socket buffers, then in memcached's 256 KB buffer of the watcher, then are lost.
            String filler = "f".repeat(200);
            for (int round = 0; round < 200 && stat(memcached, "log_watcher_skipped") == 0; round++) {
                List<StoreRequest> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    batch.add(StoreRequest.set(filler + round + "_" + i, new byte[1], 0));
                }
                writer.storeAll(batch);
            }
            assertTrue(stat(memcached, "log_watcher_skipped") > 0, "memcached skipped lines");
            assertTrue(!registration.servable(server), "no heartbeat came back while the reader was held up");
            release.countDown();
            awaitTrue(() -> watches.skips() >= 1, PATIENCE); // the skipped= line was read
            awaitTrue(() -> registration.servable(server), PATIENCE);
        }
    }

    private static long stat(ReferenceMemcached memcached, String name) {
        return Long.parseLong(TestServers.stats(memcached.address()).get(name));
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(PATIENCE.toMillis() * 6, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
