package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 asynchronous calls in flight over 16 channels per server, on the bundled server and on memcached: every
 * call gets its own answer (values compared, not counted), none times out, and the only thread the client adds is
 * its event loop.
 */
class AsyncInFlightTest {

    private static final int CALLS = 10_000;
    /**
     * Generous, since the bundled server runs in this JVM and the machine may be shared: a call that took longer
     * would fail with a timeout, and the test with it.
     */
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(10);

    private static ClientConfig config(TestServers servers) {
        ClientConfig config = servers.config();
        return new ClientConfig(
                        config.servers(),
                        OP_TIMEOUT,
                        config.connectTimeout(),
                        config.maxConnectionsPerServer(),
                        config.borrowTimeout(),
                        config.retryDelay())
                .withAsync(16, 2 * CALLS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void tenThousandCallsInFlightEachGetTheirOwnAnswer(String kind) {
        try (TestServers servers = TestServers.start(kind, 2);
                MemcachedClient client = MemcachedClient.create(config(servers))) {
            Set<String> threadsBefore = clientThreads();
            List<CompletableFuture<StoreStatus>> stores = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                stores.add(client.storeAsync(StoreRequest.set(key(i), value(i), 0)));
            }
            Set<String> threadsInFlight = clientThreads();
            for (CompletableFuture<StoreStatus> store : stores) {
                assertEquals(StoreStatus.STORED, store.join());
            }

            List<CompletableFuture<Optional<StoredValue>>> gets = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                gets.add(client.getAsync(key(i)));
            }
            for (int i = 0; i < CALLS; i++) {
                StoredValue read = gets.get(i).join().orElseThrow(() -> new AssertionError("missing value"));
                assertArrayEquals(value(i), read.value(), key(i));
            }
            threadsInFlight.removeAll(threadsBefore);
            assertEquals(1, threadsInFlight.size(), threadsInFlight::toString);
            assertTrue(threadsInFlight.iterator().next().startsWith("memjcache-io-"), threadsInFlight::toString);
            for (int server = 0; server < 2; server++) {
                assertEquals(0, client.pool(server).metrics().getTimeouts());
                assertTrue(client.pool(server).connectionsOpened() <= 4); // the blocking pool was not used
            }
        }
    }

    /** @return the names of the live threads, but for those of a bundled server running in this JVM */
    private static Set<String> clientThreads() {
        Set<String> names = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!thread.getName().startsWith("memjcache-worker")) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static String key(int i) {
        return "inflight:" + i;
    }

    /** Values of different sizes, some larger than a write chunk's share, each telling its key. */
    private static byte[] value(int i) {
        byte[] tag = ("value-" + i + "-").getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[tag.length + (i % 97 == 0 ? 70_000 : i % 300)];
        Arrays.fill(value, (byte) ('a' + i % 26));
        System.arraycopy(tag, 0, value, 0, tag.length);
        return value;
    }
}
