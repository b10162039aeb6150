package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.RoundTrips;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The asynchronous single-key calls (invoke among them) and the reads of getAll and putAll hold no thread while they wait for memcached: with a paused server and an executor of
 * one thread, every call is on the wire at once; thousands of mixed calls over many connections complete with the
 * right results; beyond the in-flight limit a write's stage fails with the documented message.
 */
class AsyncChainsTest extends BackendTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void aPausedServerHasEveryCallOfAOneThreadExecutorOnTheWire() {
        int calls = 1_000;
        int getAlls = 100;
        ExecutorService oneThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "only-one"));
        try (ReferenceMemcached paused = ReferenceMemcached.start()) {
            Properties properties = new Properties();
            properties.setProperty("memjcache.servers", "127.0.0.1:" + paused.port());
            properties.setProperty("memjcache.opTimeout", "60s"); // the pause must not time the calls out
            MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties);
            MemjcacheCache<Long, String> cache =
                    memjcache(manager.createCache("paused", configuration())).withExecutor(oneThread);
            Map<Long, String> old = new HashMap<>();
            for (long i = 0; i < calls + getAlls; i++) {
                old.put(i, "old");
            }
            cache.putAll(old);
            MemcachedClient client = manager.client();
            List<CompletableFuture<Map<Long, String>>> reads = new ArrayList<>();
            List<CompletableFuture<Void>> stores = new ArrayList<>();
            List<CompletableFuture<?>> stages = new ArrayList<>();
            paused.signal("STOP");
            try {
                for (long i = 0; i < calls; i++) {
                    stages.add(mixedCall(cache, i).toCompletableFuture());
                }
                for (long i = calls; i < calls + getAlls; i++) {
                    reads.add(cache.getAllAsync(Set.of(i, -i)).toCompletableFuture());
                    stores.add(cache.putAllAsync(Map.of(i + getAlls, "put", -i - getAlls, "put"))
                            .toCompletableFuture());
                }
                // Each call's read is its keys and its server's generation counter: all on the wire at once
                ReplicaLoad.awaitTrue(
                        () -> client.asyncInFlight(client.servers().get(0)) == 2 * calls + 3 * getAlls + 3 * getAlls,
                        PATIENCE,
                        "every call's read in flight to the paused server");
                assertTrue(stages.stream().noneMatch(CompletableFuture::isDone));
                assertTrue(reads.stream().noneMatch(CompletableFuture::isDone));
                assertTrue(stores.stream().noneMatch(CompletableFuture::isDone));
            } finally {
                paused.signal("CONT");
            }
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                    .orTimeout(60, TimeUnit.SECONDS)
                    .join();
            for (long i = 0; i < calls; i++) {
                assertMixedOutcome(cache, i, stages.get((int) i).join());
            }
            for (int j = 0; j < getAlls; j++) {
                assertEquals(
                        Map.of(calls + (long) j, "old"),
                        reads.get(j).orTimeout(60, TimeUnit.SECONDS).join());
                stores.get(j).orTimeout(60, TimeUnit.SECONDS).join();
                long stored = calls + getAlls + (long) j;
                assertEquals(Map.of(stored, "put", -stored, "put"), cache.getAll(Set.of(stored, -stored)));
            }
            assertEquals(0, client.asyncInFlight(client.servers().get(0)));
            assertEquals(Set.of("only-one"), PROCESSOR_THREADS, "entry processors run on the executor only");
        } finally {
            oneThread.shutdownNow();
        }
    }

    /** The threads the entry processors of {@link #mixedCall} ran on. */
    private static final Set<String> PROCESSOR_THREADS = ConcurrentHashMap.newKeySet();

    /**
     * @return the call of key {@code i}: a put, a remove, a replace of its "old" value or an invoke appending to it,
     *         by {@code i} mod 4
     */
    private static CompletionStage<?> mixedCall(MemjcacheCache<Long, String> cache, long i) {
        return switch ((int) (i % 4)) {
            case 0 -> cache.getAndPutAsync(i, "new");
            case 1 -> cache.removeAsync(i);
            case 2 -> cache.replaceAsync(i, "old", "new");
            default ->
                cache.invokeAsync(i, (entry, arguments) -> {
                    PROCESSOR_THREADS.add(Thread.currentThread().getName());
                    String was = entry.getValue();
                    entry.setValue(was + "+new");
                    return was;
                });
        };
    }

    private static void assertMixedOutcome(MemjcacheCache<Long, String> cache, long i, Object result) {
        switch ((int) (i % 4)) {
            case 0 -> {
                assertEquals("old", result, "getAndPut " + i);
                assertEquals("new", cache.get(i));
            }
            case 1 -> {
                assertEquals(true, result, "remove " + i);
                assertNull(cache.get(i));
            }
            case 2 -> {
                assertEquals(true, result, "replace " + i);
                assertEquals("new", cache.get(i));
            }
            default -> {
                assertEquals("old", result, "invoke " + i);
                assertEquals("old+new", cache.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tenThousandMixedCallsOverSixteenConnectionsCompleteWithTheRightResults(String backend) {
        int calls = 10_000;
        Properties properties = properties(backend);
        properties.setProperty("memjcache.async.connections", "16");
        properties.setProperty("memjcache.async.maxInFlight", String.valueOf(3 * calls));
        MemjcacheCache<Long, String> cache =
                memjcache(managerInNewProvider(uniqueUri(), properties).createCache("mixed", configuration()));
        Map<Long, String> old = new HashMap<>();
        for (long i = 0; i < calls; i++) {
            old.put(i, "old");
        }
        cache.putAll(old);
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (long i = 0; i < calls; i++) {
            stages.add(mixedCall(cache, i).toCompletableFuture());
        }
        // One caller's chained calls of one key see each other's effects, in order
        List<CompletableFuture<String>> chains = new ArrayList<>();
        for (long i = calls; i < calls + 100; i++) {
            long key = i;
            chains.add(cache.putAsync(key, "a")
                    .thenCompose(ignored -> cache.getAndPutAsync(key, "b"))
                    .thenCompose(a -> cache.replaceAsync(key, "b", "c").thenApply(replaced -> a + replaced))
                    .thenCompose(trace -> cache.getAndRemoveAsync(key).thenApply(c -> trace + c))
                    .thenCompose(trace -> cache.putIfAbsentAsync(key, "d").thenApply(stored -> trace + stored))
                    .thenCompose(trace -> cache.containsKeyAsync(key).thenApply(present -> trace + present))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        for (long i = 0; i < calls; i++) {
            assertMixedOutcome(cache, i, stages.get((int) i).join());
        }
        for (CompletableFuture<String> chain : chains) {
            assertEquals("atruectruetrue", chain.orTimeout(60, TimeUnit.SECONDS).join());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aNewCachesFirstCallsInFlightCreateItsCounterWithoutBlockingRequests(String backend) {
        int calls = 1_000;
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties(backend));
        MemjcacheCache<Long, String> cache = memjcache(manager.createCache("fresh", configuration()));
        long blockingBefore = RoundTrips.total(manager.client());
        // Every read goes out before the first answer is in: each finds the cache's counter missing on the server
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (long i = 0; i < calls; i++) {
            stages.add(cache.putAsync(i, "v" + i).toCompletableFuture());
            stages.add(cache.getAllAsync(Set.of(-i - 1)).toCompletableFuture());
        }
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        assertEquals(0, RoundTrips.total(manager.client()) - blockingBefore, "round trips of the blocking client");
        for (long i = 0; i < calls; i++) {
            assertEquals("v" + i, cache.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void invokesInFlightMakeNoBlockingRoundTrip(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties(backend));
        MemjcacheCache<Long, String> cache = memjcache(manager.createCache("invoked", configuration()));
        cache.putAll(Map.of(0L, "zero", 20L, "twenty", 21L, "twenty-one")); // the counter exists now
        long blockingBefore = RoundTrips.total(manager.client());
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            long key = i % 10; // ten keys: the calls of a key queue on its lock
            stages.add(cache.invokeAsync(key, (entry, arguments) -> {
                        entry.setValue(entry.exists() ? entry.getValue() + "+" : "+");
                        return null;
                    })
                    .toCompletableFuture());
        }
        stages.add(cache.invokeAllAsync(Set.of(20L, 21L), (entry, arguments) -> {
                    entry.remove();
                    return null;
                })
                .toCompletableFuture());
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        assertEquals(0, RoundTrips.total(manager.client()) - blockingBefore, "round trips of the blocking client");
        assertEquals("zero" + "+".repeat(10), cache.get(0L));
        assertEquals("+".repeat(10), cache.get(9L));
        assertEquals(Map.of(), cache.getAll(Set.of(20L, 21L)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void putAllsInFlightMakeNoBlockingRoundTrip(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties(backend));
        MemjcacheCache<Long, String> cache = memjcache(manager.createCache("putAlls", configuration()));
        cache.put(0L, "zero"); // the counter exists now
        long blockingBefore = RoundTrips.total(manager.client());
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            stages.add(cache.putAllAsync(Map.of(i, "a" + i, i + 1_000, "b" + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        assertEquals(0, RoundTrips.total(manager.client()) - blockingBefore, "round trips of the blocking client");
        for (long i = 0; i < 100; i++) {
            assertEquals(Map.of(i, "a" + i, i + 1_000, "b" + i), cache.getAll(Set.of(i, i + 1_000)));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void writesBeyondTheInFlightLimitFailTheirStagesWithAClearMessage(String backend) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.async.maxInFlight", "64");
        MemjcacheCache<Long, String> cache =
                memjcache(managerInNewProvider(uniqueUri(), properties).createCache("limited", configuration()));
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (long i = 0; i < 2_000; i++) {
            puts.add(cache.putAsync(i, "v" + i).toCompletableFuture());
        }
        int refused = 0;
        for (int i = 0; i < puts.size(); i++) {
            try {
                puts.get(i).orTimeout(60, TimeUnit.SECONDS).join();
                assertEquals("v" + i, cache.get((long) i));
            } catch (CompletionException e) {
                CacheException cause = assertInstanceOf(CacheException.class, e.getCause());
                assertTrue(cause.getMessage().contains("too many requests in flight"), cause.getMessage());
                assertTrue(cause.getMessage().contains("memjcache.async.maxInFlight"), cause.getMessage());
                refused++;
                assertFalse(cache.containsKey((long) i), "a refused put stored nothing");
            }
        }
        assertTrue(refused > 0, "2,000 puts from one thread exceed a limit of 64 requests in flight");
        cache.putAsync(1L, "again").toCompletableFuture().join();
        assertEquals("again", cache.get(1L), "the client recovers");
    }

    @Test
    void aReplicatedCacheRunsTheBlockingMethodsOnTheExecutor() {
        Properties properties = replicatedOnBoth();
        MemjcacheCacheManager manager = managerInNewProvider(uniqueUri(), properties);
        MemjcacheCache<Long, String> cache = memjcache(manager.createCache("replicated", configuration()));
        assertNull(cache.putAsync(1L, "one").toCompletableFuture().join());
        assertEquals(
                "one", cache.getAndPutAsync(1L, "uno").toCompletableFuture().join());
        assertTrue(cache.replaceAsync(1L, "uno", "eins").toCompletableFuture().join());
        assertTrue(cache.putIfAbsentAsync(2L, "two").toCompletableFuture().join());
        assertEquals(
                Map.of(1L, "eins", 2L, "two"),
                cache.getAllAsync(Set.of(1L, 2L, 3L)).toCompletableFuture().join());
        assertTrue(cache.removeAsync(2L).toCompletableFuture().join());
        assertFalse(cache.containsKeyAsync(2L).toCompletableFuture().join());
        assertEquals("eins", cache.getAsync(1L).toCompletableFuture().join());
        assertEquals("eins", cache.get(1L));
    }

    private static MutableConfiguration<Long, String> configuration() {
        return new MutableConfiguration<Long, String>().setTypes(Long.class, String.class);
    }

    @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
    private static MemjcacheCache<Long, String> memjcache(Cache<Long, String> cache) {
        return cache.unwrap(MemjcacheCache.class);
    }
}
