package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Single-key requests of many threads on the few connections per server they share, pipelined: every caller gets
 * its own answer, an error answer reaches only its caller, and a cut or silent connection fails the callers whose
 * requests were on it within their timeout, after which the shared connections recover. Races against the bundled
 * server and real memcached.
 */
class MemcachedClientSharedConnectionTest {

    private static final int THREADS = 16;
    private static final Duration OP_TIMEOUT = Duration.ofMillis(300);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration BORROW_TIMEOUT = Duration.ofMillis(100);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);
    /** Timeouts long enough that a busy CPU fails no call where no failure is expected. */
    private static final Duration PATIENT = Duration.ofSeconds(2);

    /** @return the longest a call may take: a connect, a batch's timeout, a wait in the queue, and a busy CPU */
    private static long maxCallMillis(Duration opTimeout, Duration borrowTimeout) {
        return opTimeout
                .plus(CONNECT_TIMEOUT)
                .plus(borrowTimeout)
                .plusSeconds(1)
                .toMillis();
    }

    /** One racer's part; {@code thread} numbers the racers from 0. */
    @FunctionalInterface
    private interface Racer {
        void run(int thread) throws Exception;
    }

    /** Runs {@code racer} on {@code threads} threads started together; rethrows the first failure. */
    private static void race(int threads, Racer racer) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    start.await();
                    racer.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        } catch (TimeoutException e) {
            throw new AssertionError("a racer hung", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static ClientConfig config(ServerAddress server, Duration opTimeout, Duration borrowTimeout) {
        // Four connections at most: two of them shared.
        return new ClientConfig(List.of(server), opTimeout, CONNECT_TIMEOUT, 4, borrowTimeout, RETRY_DELAY);
    }

    /** Work on a client of a {@code kind} server, with timeouts long enough that a busy CPU cannot fail a race. */
    @FunctionalInterface
    private interface ClientWork {
        void run(MemcachedClient client) throws Exception;
    }

    /** Runs {@code work} with a client of {@code started}, which it closes afterwards. */
    private static void withPatientClient(ServerUnderTest started, ClientWork work) throws Exception {
        try (ServerUnderTest server = started;
                MemcachedClient client = MemcachedClient.create(
                        config(ServerAddress.of("127.0.0.1", server.port()), PATIENT, PATIENT))) {
            work.run(client);
        }
    }

    /** Asserts that no connection was opened beyond the shared ones; {@code why} ends the failure message. */
    private static void assertOnlySharedConnectionsOpened(MemcachedClient client, String why) {
        long opened = client.pool(0).connectionsOpened();
        assertTrue(opened <= ServerPool.SHARED_CONNECTIONS, opened + " connections opened" + why);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void manyThreadsOnTwoSharedConnectionsEachGetTheirOwnAnswers(String kind) throws Exception {
        int rounds = 200;
        withPatientClient(ServerUnderTest.named(kind), client -> {
            client.store(StoreRequest.set("header", bytes("h"), 0));
            long tripsBefore = RoundTrips.total(client);
            race(THREADS, thread -> {
                String key = "own:" + thread;
                for (int round = 0; round < rounds; round++) {
                    String value = thread + ":" + round;
                    StoreOutcome stored = client.storeReturningCas(StoreRequest.set(key, bytes(value), 0));
                    assertEquals(StoreStatus.STORED, stored.status());
                    StoredValue got = client.get(key).orElseThrow();
                    assertEquals(value, text(got), "the get's own answer");
                    assertEquals(stored.cas(), got.cas(), "the CAS token of the caller's own store");
                    ServerRead read = client.get(key, "header");
                    assertEquals("h", text(read.header().orElseThrow()));
                    assertEquals(value, text(read.found().get(key)));
                    String next = value + "+";
                    HeaderedStore after = client.storeAfterHeader(
                            new StoreRequest(key, bytes(next), 0, 0, got.cas(), StoreMode.SET), "header");
                    assertEquals("h", text(after.header().orElseThrow()));
                    assertEquals(StoreStatus.STORED, after.outcome().status(), "nobody else writes the key");
                }
            });
            long calls = (long) THREADS * rounds * 4; // each one write before
            long trips = RoundTrips.total(client) - tripsBefore;
            assertTrue(trips < calls, trips + " writes for " + calls + " calls: none was shared");
            assertOnlySharedConnectionsOpened(client, "");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void errorAnswersAmidABatchFailOnlyTheirCallers(String kind) throws Exception {
        int rounds = 200;
        // Items of at most 1 KiB: a store of 4 KiB, small enough to share a connection, is refused.
        ServerUnderTest server = kind.equals("memcached")
                ? ServerUnderTest.reference("-I", "1k", "-o", "slab_chunk_max=512")
                : ServerUnderTest.bundled(config -> config.maxItemSize(1024));
        byte[] tooLarge = new byte[4096];
        withPatientClient(server, client -> {
            client.store(StoreRequest.set("text", bytes("not a number"), 0));
            race(THREADS, thread -> {
                String key = "own:" + thread;
                for (int round = 0; round < rounds; round++) {
                    if (thread % 4 == 0) {
                        MemcachedException e =
                                assertThrows(MemcachedException.class, () -> client.increment("text", 1, 0, 0));
                        assertTrue(e.getMessage().contains("CLIENT_ERROR"), e.getMessage());
                    } else if (thread % 4 == 1) {
                        MemcachedException e = assertThrows(
                                MemcachedException.class, () -> client.store(StoreRequest.set(key, tooLarge, 0)));
                        assertTrue(e.getMessage().contains("SERVER_ERROR"), e.getMessage());
                    } else {
                        String value = thread + ":" + round;
                        assertEquals(StoreStatus.STORED, client.store(StoreRequest.set(key, bytes(value), 0)));
                        assertEquals(value, text(client.get(key).orElseThrow()));
                    }
                }
            });
            assertFalse(client.pool(0).isDown(), "an error answer says the server is alive");
            assertOnlySharedConnectionsOpened(client, ": error answers cost connections");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void cutConnectionsFailOnlyTheirCallersAndTheSharedConnectionsRecover(String kind) throws Exception {
        MutableClock clock = new MutableClock();
        try (ServerUnderTest server = ServerUnderTest.named(kind);
                CuttingProxy proxy = new CuttingProxy(server.address());
                MemcachedClient client = MemcachedClient.create(config(proxy.address(), PATIENT, PATIENT), clock)) {
            LongAdder calls = new LongAdder();
            AtomicBoolean cut = new AtomicBoolean();
            // Counted down by each racer once it has finished a call begun after the cut: by then no call that
            // was on a cut connection is still running, to fail after the recovery.
            CountDownLatch pastTheCut = new CountDownLatch(THREADS);
            AtomicBoolean recovered = new AtomicBoolean();
            CompletableFuture<Void> cutter = CompletableFuture.runAsync(() -> {
                TestServers.awaitTrue(() -> calls.sum() >= 500, Duration.ofSeconds(30));
                proxy.cutAll();
                cut.set(true);
                TestServers.awaitTrue(() -> pastTheCut.getCount() == 0, Duration.ofSeconds(30));
                clock.advance(RETRY_DELAY.multipliedBy(1L << ServerHealth.MAX_DOUBLINGS));
                recovered.set(true);
            });
            race(THREADS, thread -> {
                String key = "own:" + thread;
                int successesAfterRecovery = 0;
                boolean countedPastTheCut = false;
                for (int round = 0; successesAfterRecovery < 20; round++) {
                    boolean afterCut = cut.get();
                    boolean afterRecovery = recovered.get();
                    String value = thread + ":" + round;
                    long start = System.nanoTime();
                    try {
                        client.store(StoreRequest.set(key, bytes(value), 0));
                        String got = client.get(key)
                                .map(MemcachedClientSharedConnectionTest::text)
                                .orElse(thread + ":absent");
                        // Before recovery a store cut in flight may still land later: the value is at least ours.
                        assertTrue(got.startsWith(thread + ":"), got + " read by thread " + thread);
                        if (afterRecovery) {
                            assertEquals(value, got);
                            successesAfterRecovery++;
                        }
                    } catch (MemcachedException e) {
                        assertFalse(afterRecovery, "failed after recovery: " + e);
                        assertEquals(proxy.address(), e.server());
                    }
                    if (afterCut && !countedPastTheCut) {
                        pastTheCut.countDown();
                        countedPastTheCut = true;
                    }
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(millis < maxCallMillis(PATIENT, PATIENT), millis + " ms");
                    calls.increment();
                }
            });
            cutter.join();
            assertTrue(client.pool(0).connectionsOpened() > ServerPool.SHARED_CONNECTIONS, "new connections");
        }
    }

    @Test
    void aStoppedMemcachedFailsEveryCallerWithinItsTimeoutAndTheSharedConnectionsRecover() throws Exception {
        try (ReferenceMemcached memcached = ReferenceMemcached.start()) {
            ServerAddress address = ServerAddress.of("127.0.0.1", memcached.port());
            String pid = Long.toString(memcached.pid());
            failsEveryCallerWhileSilent(
                    address, () -> TestServers.signal("STOP", pid), () -> TestServers.signal("CONT", pid));
        }
    }

    @Test
    void aFrozenBundledServerFailsEveryCallerWithinItsTimeoutAndTheSharedConnectionsRecover() throws Exception {
        try (ServerUnderTest server = ServerUnderTest.bundled();
                CuttingProxy proxy = new CuttingProxy(server.address())) {
            failsEveryCallerWhileSilent(proxy.address(), proxy::freeze, proxy::thaw);
        }
    }

    private static void failsEveryCallerWhileSilent(ServerAddress address, Runnable silence, Runnable resume)
            throws Exception {
        MutableClock clock = new MutableClock();
        try (MemcachedClient client = MemcachedClient.create(config(address, OP_TIMEOUT, BORROW_TIMEOUT), clock)) {
            // One thread at a time while the server answers: no request may wait its short turn in vain.
            for (int thread = 0; thread < THREADS; thread++) {
                client.store(StoreRequest.set("own:" + thread, bytes("v" + thread), 0));
            }
            silence.run();
            try {
                race(THREADS, thread -> {
                    long start = System.nanoTime();
                    MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("own:" + thread));
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(millis < maxCallMillis(OP_TIMEOUT, BORROW_TIMEOUT), millis + " ms: " + e.getMessage());
                    assertTrue(
                            e.getMessage().contains("timed out")
                                    || e.getMessage().contains("marked down"),
                            e.getMessage());
                });
            } finally {
                resume.run();
            }
            assertTrue(client.pool(0).isDown());
            clock.advance(RETRY_DELAY.multipliedBy(1L << ServerHealth.MAX_DOUBLINGS));
            for (int thread = 0; thread < THREADS; thread++) {
                assertEquals("v" + thread, text(client.get("own:" + thread).orElseThrow()));
            }
        }
    }
}
