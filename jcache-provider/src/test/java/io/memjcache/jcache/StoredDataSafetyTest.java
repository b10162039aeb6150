package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.CacheNamespace;
import io.memjcache.jcache.store.EntryCodec;
import io.memjcache.jcache.store.StoredEntry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What memcached holds under a cache's key is only believed when it is an entry of that very key in the current
 * generation: an item of another key with the same hash, of an older generation, or foreign bytes reads as absent
 * and is overwritten by the next put. Checked on real memcached, writing the odd items with a raw client.
 */
class StoredDataSafetyTest extends BackendTestSupport {

    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    private URI uri;
    private Cache<String, String> cache;
    private MemcachedClient raw;
    private String memcachedKey;

    @BeforeEach
    void setUp() {
        uri = uniqueUri();
        MemjcacheCacheManager manager = managerInNewProvider(MEMCACHED, uri);
        cache = manager.createCache(
                "c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        raw = rawMemcachedClient();
        memcachedKey = CacheNamespace.of(uri, "c").entryKey(SERIALIZER.serialize("k"));
    }

    @AfterEach
    void closeRaw() {
        raw.close();
    }

    private void plant(byte[] value) {
        raw.store(new StoreRequest(memcachedKey, value, 0, 0, 0, StoreMode.SET));
    }

    private static byte[] entry(long generation, String key, String value) {
        return EntryCodec.encode(new StoredEntry(
                generation, StoredEntry.ETERNAL, SERIALIZER.serialize(key), SERIALIZER.serialize(value)));
    }

    @Test
    void anItemOfAnotherKeyUnderTheSameHashIsAbsent() {
        plant(entry(0, "not k", "intruder"));
        assertNull(cache.get("k"));
        assertFalse(cache.containsKey("k"));
        assertFalse(cache.iterator().hasNext(), "the iterator checks the stored key against its hash too");
        cache.put("k", "mine");
        assertEquals("mine", cache.get("k"));
    }

    @Test
    void anEntryOfAnOlderGenerationIsAbsent() {
        cache.put("other", "x");
        cache.clear();
        plant(entry(0, "k", "from before the clear"));
        assertNull(cache.get("k"));
        assertTrue(cache.putIfAbsent("k", "new"), "a stale item does not count as present");
        assertEquals("new", cache.get("k"));
    }

    @Test
    void foreignBytesAreAbsent() {
        plant("written by someone else".getBytes(StandardCharsets.US_ASCII));
        assertNull(cache.get("k"));
        assertNull(cache.getAndPut("k", "mine"));
        assertEquals("mine", cache.get("k"));
    }
}
