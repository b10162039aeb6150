package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.serialization.Gadgets;
import io.memjcache.jcache.serialization.Gadgets.Trigger;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.EntryCodec;
import io.memjcache.jcache.store.StoredEntry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Items planted in memcached by anyone who can write there, under the key of a cache's entry: gadget payloads in a
 * well-formed entry, entries whose format declares lengths far beyond their size, truncated entries, and an entry
 * copied from another cache. Each reads as absent (the gadget's code never runs), none breaks the cache, and the
 * next write replaces it. Checked on real memcached, planting with a raw client.
 */
class HostileEntriesTest extends BackendTestSupport {

    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    private URI uri;
    private Cache<String, Object> cache;
    private MemcachedClient raw;

    @BeforeEach
    void setUp() {
        uri = uniqueUri();
        cache = managerInNewProvider(MEMCACHED, uri).createCache("c", new MutableConfiguration<>());
        raw = rawMemcachedClient();
        cache.put("warm-up", "x"); // creates the generation counter the planted entries claim
    }

    @AfterEach
    void closeRaw() {
        raw.close();
    }

    private String memcachedKey(String cacheName, String key) {
        return CacheNamespace.of(uri, cacheName).entryKey(SERIALIZER.serializeKey(key));
    }

    /** @return the generation the warm-up entry was written in: what a well-formed planted entry claims */
    private long generation() {
        StoredValue item = raw.get(memcachedKey("c", "warm-up")).orElseThrow();
        return EntryCodec.decode(item.value()).orElseThrow().generation();
    }

    private byte[] entry(byte[] value) {
        return EntryCodec.encode(
                new StoredEntry(generation(), StoredEntry.ETERNAL, SERIALIZER.serializeKey("k"), value));
    }

    private void plant(byte[] item) {
        raw.store(new StoreRequest(memcachedKey("c", "k"), item, 0, 0, 0, StoreMode.SET));
    }

    static Stream<Arguments> gadgets() {
        return Stream.of(
                Arguments.of("URLDNS", Gadgets.urlDns("memjcache-urldns-probe.invalid")),
                Arguments.of("PriorityQueue with a comparator", Gadgets.comparatorQueue()),
                Arguments.of("HashMap keyed by a trigger", Gadgets.hashTrigger()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gadgets")
    void aPlantedGadgetReadsAsAbsentWithoutRunning(String what, byte[] payload) {
        plant(entry(payload));
        Trigger.CALLS.set(0);

        assertNull(cache.get("k"));
        assertFalse(cache.containsKey("k"));
        assertEquals(Map.of("warm-up", "x"), cache.getAll(java.util.Set.of("k", "warm-up")));
        assertEquals(List.of("warm-up"), keys());
        assertEquals(0, Trigger.CALLS.get(), "the gadget's code ran");

        cache.put("k", "mine");
        assertEquals("mine", cache.get("k"));
    }

    @Test
    void malformedEntriesReadAsAbsent() {
        byte[] good = entry(SERIALIZER.serialize(List.of("a", "b", "c")));
        byte[] hugeKeyLength = good.clone();
        ByteBuffer.wrap(hugeKeyLength, 17, 4).putInt(Integer.MAX_VALUE);
        byte[] negativeKeyLength = good.clone();
        ByteBuffer.wrap(negativeKeyLength, 17, 4).putInt(-5);
        byte[] hugeArrayInValue = entry(hugeDeclaredArray());
        List<byte[]> malformed = List.of(
                hugeKeyLength,
                negativeKeyLength,
                hugeArrayInValue,
                Arrays.copyOf(good, good.length - 3),
                Arrays.copyOf(good, 10),
                new byte[] {1},
                new byte[0]);

        for (byte[] item : malformed) {
            plant(item);
            assertNull(cache.get("k"), () -> Arrays.toString(item));
            assertEquals(List.of("warm-up"), keys());
            assertNull(cache.getAndPut("k", "mine"));
            assertEquals("mine", cache.get("k"));
        }
    }

    @Test
    void anEntryCopiedFromAnotherCacheReadsAsAbsent() {
        Cache<String, Object> other =
                managerInNewProvider(MEMCACHED, uri).createCache("other", new MutableConfiguration<>());
        other.put("k", "other's value");
        StoredValue copied = raw.get(memcachedKey("other", "k")).orElseThrow();

        plant(copied.value());

        assertNull(cache.get("k"));
        assertEquals(List.of("warm-up"), keys());
        assertEquals("other's value", other.get("k"));
    }

    private List<String> keys() {
        List<String> keys = new java.util.ArrayList<>();
        cache.iterator().forEachRemaining(entry -> keys.add(entry.getKey()));
        return keys;
    }

    /** @return a serialized int array whose declared length is far larger than the payload */
    private static byte[] hugeDeclaredArray() {
        byte[] bytes = SERIALIZER.serialize(new int[] {7, 7, 7, 7});
        // An array's length follows the end of its class descriptor: TC_ENDBLOCKDATA, TC_NULL (no superclass).
        int at = io.memjcache.jcache.serialization.TestBytes.indexOf(bytes, new byte[] {0x78, 0x70, 0, 0, 0, 4});
        ByteBuffer.wrap(bytes, at + 2, 4).putInt(Integer.MAX_VALUE - 8);
        return bytes;
    }
}
