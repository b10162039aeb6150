package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.RoundTrips;
import io.memjcache.jcache.client.TestServers;
import io.memjcache.server.testsupport.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bulk operations cost a small constant number of round trips to a server, however many keys they touch:
 * counted with the client's round-trip counters (one per request or pipelined batch). Both backends have one
 * server, so every key is on it.
 */
class BulkRoundTripTest extends BackendTestSupport {

    private static final int KEYS = 100;

    /** Adds one to the value, starting from 0 when absent, and returns the new value. */
    private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, arguments) -> {
        long next = entry.exists() ? entry.getValue() + 1 : 0;
        entry.setValue(next);
        return next;
    };

    private static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("k" + i);
        }
        return keys;
    }

    private static MutableConfiguration<String, Long> longs() {
        return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
    }

    /** @return a cache holding k0..k99 = 0..99 */
    private static Cache<String, Long> filled(MemjcacheCacheManager manager, MutableConfiguration<String, Long> c) {
        Cache<String, Long> cache = manager.createCache("bulk", c);
        Map<String, Long> values = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            values.put("k" + i, (long) i);
        }
        cache.putAll(values);
        return cache;
    }

    private static long roundTripsOf(MemjcacheCacheManager manager, Runnable operation) {
        long before = RoundTrips.total(manager.client());
        operation.run();
        return RoundTrips.total(manager.client()) - before;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void invokeAllReadsOnceAndWritesOnce(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        Cache<String, Long> cache = filled(manager, longs());
        Map<String, EntryProcessorResult<Long>> results = new HashMap<>();

        long trips = roundTripsOf(manager, () -> results.putAll(cache.invokeAll(keys(), INCREMENT)));

        assertEquals(2, trips, "one pipelined read and one pipelined write for " + KEYS + " keys");
        for (int i = 0; i < KEYS; i++) {
            assertEquals(i + 1, results.get("k" + i).get());
            assertEquals(i + 1, cache.get("k" + i));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void invokeAllThatUpdatesSomeAndRemovesOthersAddsOneRoundForTheDeletes(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        Cache<String, Long> cache = filled(manager, longs());
        EntryProcessor<String, Long, Void> removeEvenIncrementOdd = (entry, arguments) -> {
            if (entry.getValue() % 2 == 0) {
                entry.remove();
            } else {
                entry.setValue(entry.getValue() + 1);
            }
            return null;
        };

        long trips = roundTripsOf(manager, () -> cache.invokeAll(keys(), removeEvenIncrementOdd));

        assertEquals(3, trips, "one read, one round of writes, one of deletes");
        for (int i = 0; i < KEYS; i++) {
            assertEquals(i % 2 == 0 ? null : Long.valueOf(i + 1), cache.get("k" + i));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void invokeAllRunsOnlyTheConflictingKeyAgainAndLosesNoUpdate(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, Long> cache = filled(manager, longs());
        Cache<String, Long> elsewhere = managerInNewProvider(backend, uri).createCache("bulk", longs());
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean interfered = new AtomicBoolean();
        EntryProcessor<String, Long, Long> incrementWhileAnotherJvmWrites = (entry, arguments) -> {
            runs.incrementAndGet();
            if (entry.getKey().equals("k7") && interfered.compareAndSet(false, true)) {
                elsewhere.put("k7", 1000L); // lands between this invokeAll's read and its write
            }
            return INCREMENT.process(entry, arguments);
        };

        long trips = roundTripsOf(manager, () -> cache.invokeAll(keys(), incrementWhileAnotherJvmWrites));

        assertEquals(KEYS + 1, runs.get(), "only the key changed meanwhile is processed again");
        assertEquals(4, trips, "read and write, then read and write of the one conflicting key");
        assertEquals(1001L, cache.get("k7"), "the processor ran again on the other JVM's value");
        assertEquals(9L, cache.get("k8"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void removeAllOfManyKeysIsOneReadAndOneDelete(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        Cache<String, Long> cache = filled(manager, longs());
        Set<String> half = new LinkedHashSet<>();
        for (int i = 0; i < KEYS; i += 2) {
            half.add("k" + i);
        }
        half.add("never-there");

        long trips = roundTripsOf(manager, () -> cache.removeAll(half));

        assertEquals(2, trips);
        for (int i = 0; i < KEYS; i++) {
            assertEquals(i % 2 == 0, cache.get("k" + i) == null, "k" + i);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void getAllTouchesTheAccessExpiryInOneRound(String backend) {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        MutableClock clock = new MutableClock(Instant.now());
        manager.useClock(clock);
        Cache<String, Long> cache = filled(
                manager,
                longs().setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1))));
        Map<String, Long> found = new HashMap<>();
        // A touch that would not move the deadline is skipped, so the read must come at a later millisecond.
        clock.advance(java.time.Duration.ofMillis(1));

        long trips = roundTripsOf(manager, () -> found.putAll(cache.getAll(keys())));

        assertEquals(KEYS, found.size());
        assertEquals(2, trips, "one read, one round of touches");
        Cache<String, Long> eternal = manager.createCache("eternal", longs());
        eternal.put("x", 1L);
        assertEquals(1, roundTripsOf(manager, () -> eternal.getAll(Set.of("x", "y"))), "nothing to touch");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void loadAllFindsTheAbsentKeysInOneRead(String backend) throws Exception {
        MemjcacheCacheManager manager = managerInNewProvider(backend, uniqueUri());
        CacheLoader<String, Long> loader = new CacheLoader<>() {
            @Override
            public Long load(String key) {
                return -1L;
            }

            @Override
            public Map<String, Long> loadAll(Iterable<? extends String> keys) {
                Map<String, Long> loaded = new HashMap<>();
                keys.forEach(key -> loaded.put(key, -1L));
                return loaded;
            }
        };
        Cache<String, Long> cache = manager.createCache(
                "loaded", longs().setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(loader)));
        Map<String, Long> half = new HashMap<>();
        for (int i = 0; i < KEYS; i += 2) {
            half.put("k" + i, (long) i);
        }
        cache.putAll(half);
        CompletionListenerFuture done = new CompletionListenerFuture();

        long trips = roundTripsOf(manager, () -> {
            cache.loadAll(keys(), false, done);
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("loadAll did not complete", e);
            }
        });

        assertEquals(3, trips, "one read for the absent keys, one read and one write to store the loaded ones");
        for (int i = 0; i < KEYS; i++) {
            assertEquals(i % 2 == 0 ? i : -1L, cache.get("k" + i), "k" + i);
        }
        assertFalse(cache.containsKey("never-loaded"));
        assertNull(cache.get("never-loaded"));
        assertTrue(cache.containsKey("k1"));
    }

    /**
     * A bulk call or an invoke of one key sends what the single call sends (an invoke's write also asks for the new
     * CAS token): no quiet mode, no {@code mn} to end a batch (measured as the bytes memcached reads; CAS tokens in a request may differ by one digit).
     */
    @Test
    void oneKeyBulkCallsAndInvokeSendWhatTheSingleCallSends() {
        MemjcacheCacheManager manager = managerInNewProvider(MEMCACHED, uniqueUri());
        Cache<String, Long> cache = filled(manager, longs());
        String servers = properties(MEMCACHED).getProperty("memjcache.servers");
        InetSocketAddress server = new InetSocketAddress(
                InetAddress.getLoopbackAddress(), Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1)));
        long get = bytesReadBy(server, () -> cache.get("k1"));
        assertEquals(get, bytesReadBy(server, () -> cache.getAll(Set.of("k1"))));
        assertEquals(get, bytesReadBy(server, () -> cache.invokeAll(Set.of("k1"), (entry, arguments) -> null)));
        long put = bytesReadBy(server, () -> cache.put("k2", 20L));
        long putAll = bytesReadBy(server, () -> cache.putAll(Map.of("k2", 21L)));
        assertTrue(Math.abs(putAll - put) <= 1, "putAll of one key read " + putAll + " bytes, put " + put);
        long invoke = bytesReadBy(server, () -> cache.invoke("k2", INCREMENT));
        // plus " c": an invoke asks for the new CAS token, so that the next invoke on the key can skip its read
        assertTrue(Math.abs(invoke - (put + 2)) <= 1, "invoke read " + invoke + " bytes, put " + put);
        long remove = bytesReadBy(server, () -> cache.remove("k3"));
        long removing = bytesReadBy(
                server,
                () -> cache.invoke("k4", (entry, arguments) -> {
                    entry.remove();
                    return null;
                }));
        assertTrue(Math.abs(removing - remove) <= 1, "removing invoke read " + removing + " bytes, remove " + remove);
    }

    private static long bytesReadBy(InetSocketAddress server, Runnable operation) {
        long before = Long.parseLong(TestServers.stats(server).get("bytes_read"));
        operation.run();
        return Long.parseLong(TestServers.stats(server).get("bytes_read")) - before;
    }
}
