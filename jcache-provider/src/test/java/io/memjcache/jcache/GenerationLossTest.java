package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.EntryCodec;
import io.memjcache.jcache.store.StoredEntry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * memcached may evict a cache's generation key like any other item (or an operator may delete it). Losing it must
 * never bring back entries a clear() removed: a missing generation key is created afresh with a random value, so
 * every entry written before the loss is stale, as if the cache had been cleared. The key is deleted here with the
 * manager's own client, standing for an eviction.
 */
class GenerationLossTest extends BackendTestSupport {

    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    private static Cache<String, String> cache(MemjcacheCacheManager manager) {
        return manager.createCache("c", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
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
        byte[] stale = EntryCodec.encode(new StoredEntry(0, StoredEntry.ETERNAL, SERIALIZER.serialize("k"),
                SERIALIZER.serialize("generation zero")));
        manager.client().store(new StoreRequest(CacheNamespace.of(uri, "c").entryKey(SERIALIZER.serialize("k")),
                stale, 0, 0, 0, StoreMode.SET));

        assertNull(cache.get("k"), "an entry of generation 0 is live only if 0 were the generation");
        assertNotEquals(0, generation(manager.client(), uri));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aGenerationKeyHoldingForeignDataIsReplacedByACounter(String backend) {
        URI uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(backend, uri);
        Cache<String, String> cache = cache(manager);
        manager.client().store(new StoreRequest(generationKey(uri),
                "not a number".getBytes(StandardCharsets.US_ASCII), 0, 0, 0, StoreMode.SET));

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
}
