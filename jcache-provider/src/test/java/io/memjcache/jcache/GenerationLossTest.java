package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.EntryCodec;
import io.memjcache.jcache.store.StoredEntry;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memcached may evict a cache's generation key like any other item (or an operator may delete it, or the server
 * restart empty). Losing it must never bring back entries a clear() removed: a missing generation key is created
 * afresh with a random value, so every entry written before the loss is stale, as if the cache had been cleared.
 * Every server keeps its own counter, so a loss on one server empties that server's share of the cache only. The
 * key is deleted here with a client of its own, standing for an eviction; with one server (the backends of
 * {@link BackendTestSupport}) the manager's client reaches the only counter directly.
 */
class GenerationLossTest extends BackendTestSupport {

    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    private static Cache<String, String> cache(MemjcacheCacheManager manager) {
        return manager.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private static String generationKey(URI uri) {
        return CacheNamespace.of(uri, "c").generationKey();
    }

    private static long generation(MemcachedClient client, URI uri) {
        StoredValue item = client.get(generationKey(uri)).orElseThrow();
        return Long.parseUnsignedLong(new String(item.value(), StandardCharsets.US_ASCII).trim());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void entriesClearedBeforeTheGenerationKeyIsLostStayGone(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, String> cache = cache(manager);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.clear();
        assertNull(cache.get("a"));

        manager.client().delete(generationKey(uri), 0);

        assertNull(cache.get("a"), "a cleared entry came back after the generation key was lost");
        assertFalse(cache.containsKey("b"));
        assertTrue(cache.getAll(Set.of("a", "b")).isEmpty());
        assertFalse(cache.iterator().hasNext());
        cache.put("a", "new");
        assertEquals("new", cache.get("a"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void losingTheGenerationKeyEmptiesTheCache(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, String> cache = cache(manager);
        cache.put("a", "1");
        assertEquals("1", cache.get("a"));

        manager.client().delete(generationKey(uri), 0);

        assertNull(cache.get("a"), "without its generation an entry cannot be told from a cleared one");
        assertTrue(cache.putIfAbsent("a", "2"));
        assertEquals("2", cache.get("a"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aMissingGenerationKeyIsCreatedNonZeroAndNeverReadAsZero(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, String> cache = cache(manager);
        byte[] stale = EntryCodec.encode(new StoredEntry(
                0, StoredEntry.ETERNAL, SERIALIZER.serialize("k"), SERIALIZER.serialize("generation zero")));
        manager.client()
                .store(new StoreRequest(
                        CacheNamespace.of(uri, "c").entryKey(SERIALIZER.serialize("k")),
                        stale,
                        0,
                        0,
                        0,
                        StoreMode.SET));

        assertNull(cache.get("k"), "an entry of generation 0 is live only if 0 were the generation");
        assertNotEquals(0, generation(manager.client(), uri));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aGenerationKeyHoldingForeignDataIsReplacedByACounter(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, String> cache = cache(manager);
        manager.client()
                .store(new StoreRequest(
                        generationKey(uri),
                        "not a number".getBytes(StandardCharsets.US_ASCII),
                        0,
                        0,
                        0,
                        StoreMode.SET));

        cache.put("a", "1");
        assertEquals("1", cache.get("a"));
        long generation = generation(manager.client(), uri);
        assertNotEquals(0, generation);
        cache.clear();
        assertNull(cache.get("a"));
        assertEquals(generation + 1, generation(manager.client(), uri));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void managersAgreeOnTheGenerationOneOfThemRecreated(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager first = managerInNewProvider(backend, uri);
        MemjcacheCacheManager second = managerInNewProvider(backend, uri);
        Cache<String, String> one = cache(first);
        Cache<String, String> two = cache(second);
        one.put("a", "1");
        long before = generation(first.client(), uri);

        first.client().delete(generationKey(uri), 0);
        one.put("a", "2");
        assertEquals("2", two.get("a"), "the other manager uses the generation the first one created");
        long recreated = generation(second.client(), uri);
        assertNotEquals(before, recreated);
        assertNotEquals(0, recreated);

        two.clear();
        assertNull(one.get("a"));
        assertEquals(recreated + 1, generation(first.client(), uri), "clear moves to the next generation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memjcache", "memcached"})
    void losingTheCounterOfOneServerEmptiesOnlyThatServersShare(String kind) {
        List<ServerUnderTest> started = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                started.add(ServerUnderTest.named(kind));
            }
            List<ServerAddress> addresses = started.stream()
                    .map(s -> ServerAddress.of("127.0.0.1", s.port()))
                    .toList();
            lossOnOneServer(addresses);
        } finally {
            started.forEach(ServerUnderTest::close);
        }
    }

    private void lossOnOneServer(List<ServerAddress> addresses) {
        URI uri = uniqueUri();
        MemjcacheCachingProvider provider = new MemjcacheCachingProvider();
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers",
                addresses.stream().map(ServerAddress::toString).collect(Collectors.joining(",")));
        try (provider) {
            Cache<String, String> cache = cache((MemjcacheCacheManager)
                    provider.getCacheManager(uri, getClass().getClassLoader(), properties));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                keys.add("k" + i);
                cache.put("k" + i, "cleared");
            }
            cache.clear();
            for (int i = 0; i < 90; i += 2) {
                cache.put("k" + i, "live");
            }
            List<Set<String>> keysByServer = keysByServer(addresses, uri, keys);
            long[] before = new long[3];
            for (int s = 0; s < 3; s++) {
                assertTrue(keysByServer.get(s).size() >= 10, "server " + s + " holds " + keysByServer.get(s));
                before[s] = generationOn(addresses.get(s), uri);
            }

            int lost = 1;
            try (MemcachedClient direct = MemcachedClient.create(ClientConfig.defaults(List.of(addresses.get(lost))))) {
                direct.delete(generationKey(uri), 0);
            }

            for (String key : keys) {
                boolean even = Integer.parseInt(key.substring(1)) % 2 == 0;
                String expected = even && !keysByServer.get(lost).contains(key) ? "live" : null;
                assertEquals(
                        expected,
                        cache.get(key),
                        key
                                + (keysByServer.get(lost).contains(key)
                                        ? " on the server that lost its counter"
                                        : " on a server that kept its counter"));
            }
            long recreated = generationOn(addresses.get(lost), uri);
            assertNotEquals(0, recreated);
            assertNotEquals(before[lost], recreated);
            assertEquals(before[0], generationOn(addresses.get(0), uri), "the other counters are untouched");
            assertEquals(before[2], generationOn(addresses.get(2), uri), "the other counters are untouched");
        }
    }

    /** @return per server the cache keys whose items it holds, asked with a client of each server alone */
    private static List<Set<String>> keysByServer(List<ServerAddress> addresses, URI uri, List<String> keys) {
        CacheNamespace namespace = CacheNamespace.of(uri, "c");
        List<Set<String>> result = new ArrayList<>();
        for (ServerAddress address : addresses) {
            try (MemcachedClient direct = MemcachedClient.create(ClientConfig.defaults(List.of(address)))) {
                Set<String> held = new HashSet<>();
                for (String key : keys) {
                    if (direct.get(namespace.entryKey(SERIALIZER.serialize(key)))
                            .isPresent()) {
                        held.add(key);
                    }
                }
                result.add(held);
            }
        }
        return result;
    }

    private static long generationOn(ServerAddress server, URI uri) {
        try (MemcachedClient direct = MemcachedClient.create(ClientConfig.defaults(List.of(server)))) {
            return generation(direct, uri);
        }
    }
}
