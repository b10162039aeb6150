package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asynchronous client when a server fails: one that stops answering (memcached stopped with SIGSTOP, the bundled
 * server behind a frozen proxy) fails every pending call within the operation timeout and is marked down, then
 * serves again after the retry delay; a cut connection fails exactly the calls written to it; and beyond the
 * in-flight limit a call fails at once while those in flight complete.
 */
@Timeout(60)
class AsyncFailuresTest {

    private static final Duration OP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    /** Room for a loaded machine beyond the operation timeout, for a future to report its failure. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    private static final int CHANNELS = 4;
    private static final int CALLS = 400;

    private static ClientConfig config(ServerAddress server, Duration opTimeout, int maxInFlight) {
        return new ClientConfig(
                        List.of(server), opTimeout, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), RETRY_DELAY)
                .withAsync(CHANNELS, maxInFlight);
    }

    @Test
    void aStoppedMemcachedFailsEveryPendingCallInTimeAndServesAgainAfterTheRetryDelay() throws Exception {
        try (ReferenceMemcached memcached = ReferenceMemcached.start()) {
            String pid = Long.toString(memcached.pid());
            failsEveryCallWhileSilent(
                    ServerAddress.of("127.0.0.1", memcached.port()),
                    () -> TestServers.signal("STOP", pid),
                    () -> TestServers.signal("CONT", pid));
        }
    }

    @Test
    void aFrozenBundledServerFailsEveryPendingCallInTimeAndServesAgainAfterTheRetryDelay() throws Exception {
        try (ServerUnderTest server = ServerUnderTest.bundled();
                CuttingProxy proxy = new CuttingProxy(server.address())) {
            failsEveryCallWhileSilent(proxy.address(), proxy::freeze, proxy::thaw);
        }
    }

    private static void failsEveryCallWhileSilent(ServerAddress address, Runnable silence, Runnable resume)
            throws Exception {
        MutableClock clock = new MutableClock();
        try (MemcachedClient client = MemcachedClient.create(config(address, OP_TIMEOUT, 10_000), clock)) {
            storeAll(client);
            silence.run();
            List<CompletableFuture<Optional<StoredValue>>> gets = new ArrayList<>();
            try {
                long start = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    gets.add(client.getAsync(key(i)));
                }
                for (CompletableFuture<Optional<StoredValue>> get : gets) {
                    MemcachedException e = failure(get, start);
                    assertTrue(e.getMessage().startsWith("memcached " + address + ": "), e.getMessage());
                    assertTrue(
                            e.getMessage().contains("timed out after " + OP_TIMEOUT.toMillis() + " ms"),
                            e.getMessage());
                }
                assertTrue(client.pool(0).isDown());
                MemcachedException fast = failure(client.getAsync(key(0)), System.nanoTime());
                assertTrue(fast.getMessage().contains("marked down"), fast.getMessage());
                assertEquals(CALLS, client.pool(0).metrics().getTimeouts()); // each pending call timed out
            } finally {
                resume.run();
            }
            clock.advance(RETRY_DELAY.multipliedBy(1L << ServerHealth.MAX_DOUBLINGS));
            assertValues(client, 0, CALLS);
            assertFalse(client.pool(0).isDown());
        }
    }

    @Test
    void aCutConnectionFailsExactlyTheCallsWrittenToIt() throws Exception {
        MutableClock clock = new MutableClock();
        try (ServerUnderTest server = ServerUnderTest.bundled();
                CuttingProxy proxy = new CuttingProxy(server.address());
                MemcachedClient client =
                        MemcachedClient.create(config(proxy.address(), Duration.ofSeconds(10), 10_000), clock)) {
            storeAll(client); // CALLS is a multiple of CHANNELS: the next call goes to the first channel again
            proxy.freeze();
            List<CompletableFuture<Optional<StoredValue>>> gets = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                gets.add(client.getAsync(key(i)));
            }
            // Each call written, so that it is on a connection: the cut one's calls are not sent on a new one.
            TestServers.awaitTrue(() -> client.asyncChannels(0).allWritten(), SLACK);
            proxy.cutOne();
            proxy.thaw();
            Set<Integer> failedChannels = new HashSet<>();
            for (int i = 0; i < CALLS; i++) {
                try {
                    assertEquals(value(i), text(gets.get(i).get(SLACK.toMillis(), TimeUnit.MILLISECONDS)));
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof MemcachedException, e::toString);
                    failedChannels.add(i % CHANNELS);
                }
            }
            assertEquals(1, failedChannels.size(), "channels whose calls failed: " + failedChannels);
            int cut = failedChannels.iterator().next();
            for (int i = cut; i < CALLS; i += CHANNELS) {
                assertTrue(gets.get(i).isCompletedExceptionally(), "call " + i + " was on the cut connection");
            }
            clock.advance(RETRY_DELAY.multipliedBy(1L << ServerHealth.MAX_DOUBLINGS));
            assertValues(client, 0, CALLS); // every channel serves again, the cut one on a new connection
        }
    }

    @Test
    void beyondTheInFlightLimitACallFailsAtOnceAndTheOthersComplete() throws Exception {
        int limit = 100;
        try (ServerUnderTest server = ServerUnderTest.bundled();
                CuttingProxy proxy = new CuttingProxy(server.address());
                MemcachedClient client =
                        MemcachedClient.create(config(proxy.address(), Duration.ofSeconds(10), limit))) {
            for (int i = 0; i < limit; i++) {
                assertEquals(
                        StoreStatus.STORED,
                        client.storeAsync(StoreRequest.set(key(i), bytes(value(i)), 0))
                                .get());
            }
            proxy.freeze();
            List<CompletableFuture<Optional<StoredValue>>> admitted = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                admitted.add(client.getAsync(key(i)));
            }
            for (int i = 0; i < 50; i++) {
                CompletableFuture<Optional<StoredValue>> refused = client.getAsync(key(i));
                assertTrue(refused.isCompletedExceptionally(), "refused at once, not queued");
                MemcachedException e = failure(refused, System.nanoTime());
                assertTrue(
                        e.getMessage()
                                .startsWith("memcached " + proxy.address() + ": too many requests in flight: "
                                        + "the limit of 100 per server (memjcache.async.maxInFlight) is reached"),
                        e.getMessage());
            }
            CompletableFuture<List<ServerRead>> bulk = client.getAllAsync(List.of(key(0), key(1)), "header");
            assertTrue(bulk.isCompletedExceptionally(), "a batch counts its commands against the limit");
            proxy.thaw();
            for (int i = 0; i < limit; i++) {
                assertEquals(value(i), text(admitted.get(i).get(SLACK.toMillis(), TimeUnit.MILLISECONDS)));
            }
            assertFalse(client.pool(0).isDown(), "a refused call is no outage");
            assertValues(client, 0, limit); // the limit is released as calls complete
        }
    }

    private static void storeAll(MemcachedClient client) throws Exception {
        List<CompletableFuture<StoreStatus>> stores = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            stores.add(client.storeAsync(StoreRequest.set(key(i), bytes(value(i)), 0)));
        }
        for (CompletableFuture<StoreStatus> store : stores) {
            assertEquals(StoreStatus.STORED, store.get(SLACK.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private static void assertValues(MemcachedClient client, int from, int to) throws Exception {
        List<CompletableFuture<Optional<StoredValue>>> gets = new ArrayList<>();
        for (int i = from; i < to; i++) {
            gets.add(client.getAsync(key(i)));
        }
        for (int i = from; i < to; i++) {
            assertEquals(value(i), text(gets.get(i - from).get(SLACK.toMillis(), TimeUnit.MILLISECONDS)));
        }
    }

    /** @return the failure of {@code future}, which must come within the operation timeout from {@code start} */
    private static MemcachedException failure(CompletableFuture<?> future, long start) throws Exception {
        long deadline = start + OP_TIMEOUT.plus(SLACK).toNanos();
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MemcachedException failure) {
                return failure;
            }
            throw new AssertionError("not a MemcachedException", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no failure within " + OP_TIMEOUT.plus(SLACK), e);
        }
        throw new AssertionError("succeeded, but should have failed");
    }

    private static String key(int i) {
        return "async-failure:" + i;
    }

    private static String value(int i) {
        return "value-" + i;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Optional<StoredValue> read) {
        return new String(read.orElseThrow().value(), StandardCharsets.US_ASCII);
    }
}
