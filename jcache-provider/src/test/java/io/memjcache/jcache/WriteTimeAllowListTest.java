package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value that readers would refuse (its class is not on the cache's allow-list) fails when it is stored,
 * naming the cache, the class and the setting that would allow it: it never becomes an entry that every read then
 * silently misses. Configured types and listed packages are allowed.
 */
class WriteTimeAllowListTest extends BackendTestSupport {

    /** An application class that no allow-list names by default. */
    record Order(String id) implements Serializable {}

    private Cache<Object, Object> untypedCache(Properties properties) {
        return managerInNewProvider(uniqueUri(), properties).createCache("orders", new MutableConfiguration<>());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aValueOfARefusedClassFailsWhenStoredAndLeavesTheOldValue(String backend) {
        Cache<Object, Object> cache = untypedCache(properties(backend));
        cache.put("k", "old");

        CacheException refused = assertThrows(CacheException.class, () -> cache.put("k", new Order("1")));
        assertNamesCacheClassAndSetting(refused.getMessage());
        assertEquals("old", cache.get("k"), "the refused write changed nothing");

        CacheException nested =
                assertThrows(CacheException.class, () -> cache.put("list", new ArrayList<>(List.of(new Order("2")))));
        assertNamesCacheClassAndSetting(nested.getMessage());
        assertThrows(CacheException.class, () -> cache.putAll(Map.of("m", Map.of("x", new Order("3")))));
        assertThrows(CacheException.class, () -> cache.putIfAbsent("absent", new Order("4")));
        assertEquals(null, cache.get("absent"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aKeyIsFoundByItsBytesWhateverItsClass(String backend) {
        Cache<Object, Object> cache = untypedCache(properties(backend));
        cache.put(new Order("k"), "v");
        assertEquals("v", cache.get(new Order("k")), "keys are compared by their bytes, never read back by get");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theSettingAllowsTheClass(String backend) {
        Properties properties = properties(backend);
        properties.setProperty("memjcache.serialization.allow", WriteTimeAllowListTest.class.getName());
        Cache<Object, Object> cache = untypedCache(properties);
        cache.put(new Order("k"), new Order("v"));
        assertEquals(new Order("v"), cache.get(new Order("k")));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void configuredTypesAreAllowed(String backend) {
        Cache<String, Order> cache = managerInNewProvider(uniqueUri(), properties(backend))
                .createCache("typed", new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
        cache.put("k", new Order("v"));
        assertEquals(new Order("v"), cache.get("k"));
    }

    private static void assertNamesCacheClassAndSetting(String message) {
        assertTrue(message.contains("orders"), "names the cache: " + message);
        assertTrue(message.contains(Order.class.getName()), "names the class: " + message);
        assertTrue(message.contains("memjcache.serialization.allow"), "names the setting: " + message);
    }
}
