package io.memjcache.jcache.near;

import static io.memjcache.jcache.near.ServerWatchesTest.BOUND;
import static io.memjcache.jcache.near.ServerWatchesTest.PATIENCE;
import static io.memjcache.jcache.near.ServerWatchesTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An entry the server evicts to make room is invalidated: both servers log evictions on the {@code evictions}
 * stream. A small server is filled with other items until the entry is gone.
 */
class ServerWatchesEvictionTest {

    private static final CacheNamespace NAMESPACE = CacheNamespace.of("evictions", "c");
    private static final CacheNamespace FILLERS = CacheNamespace.of("evictions", "fillers");

    @Test
    void memcachedEvictionsInvalidate() {
        try (ReferenceMemcached memcached = ReferenceMemcached.start("-m", "2", "-I", "512k")) {
            evictAndAwait(ServerAddress.of("127.0.0.1", memcached.port()));
        }
    }

    @Test
    void bundledServerEvictionsInvalidate() {
        try (ServerUnderTest bundled = ServerUnderTest.bundled(builder -> builder.memoryLimitMegabytes(2))) {
            evictAndAwait(ServerAddress.of("127.0.0.1", bundled.port()));
        }
    }

    private static void evictAndAwait(ServerAddress server) {
        ClientConfig config = ClientConfig.defaults(List.of(server));
        try (MemcachedClient watching = MemcachedClient.create(config);
                MemcachedClient other = MemcachedClient.create(config);
                ServerWatches watches = new ServerWatches(watching)) {
            RecordingInvalidations calls = new RecordingInvalidations();
            WatchRegistration registration = watches.register(NAMESPACE, calls, BOUND);
            awaitTrue(() -> registration.servable(server), PATIENCE);
            String victim = ServerWatchesTest.key(NAMESPACE, "victim");
            other.store(StoreRequest.set(victim, new byte[100], 0));
            long start = System.nanoTime();
            // memcached evicts within a slab class: fillers of the entry's size (keys of another cache, whose lines
            // the watch ignores), several times the memory, and no
            // read of the entry meanwhile (a hit would make it recently used).
            byte[] filler = new byte[100];
            for (int round = 0; round < 40; round++) {
                List<StoreRequest> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    batch.add(StoreRequest.set(ServerWatchesTest.key(FILLERS, round + "_" + i), filler, 0));
                }
                other.storeAll(batch);
            }
            assertTrue(other.get(victim).isEmpty(), "the entry was not evicted");
            calls.awaitKey(victim, start, PATIENCE); // its store came before start: this is the eviction
        }
    }
}
