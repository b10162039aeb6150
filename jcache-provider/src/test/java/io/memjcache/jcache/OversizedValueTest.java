package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value larger than the server's item size (1 MB by default on both servers) fails with a CacheException that
 * says so, and nothing else is disturbed: other entries, the key's previous value, later operations.
 */
class OversizedValueTest extends BackendTestSupport {

    @ParameterizedTest
    @MethodSource("backends")
    void tooLargeValueFailsClearlyAndDisturbsNothing(String backend) {
        Cache<String, byte[]> cache = managerInNewProvider(backend, uniqueUri())
                .createCache("blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        byte[] small = {1, 2, 3};
        cache.put("small", small);
        cache.put("big", small);

        CacheException failure = assertThrows(CacheException.class, () -> cache.put("big", new byte[2 << 20]));
        assertTrue(failure.getMessage().contains("too large"), failure.getMessage());
        assertTrue(failure.getMessage().contains("bytes"), failure.getMessage());

        assertArrayEquals(small, cache.get("big"), "the previous value is kept");
        assertArrayEquals(small, cache.get("small"));
        cache.put("after", new byte[100_000]);
        assertEquals(100_000, cache.get("after").length);
        assertNull(cache.get("never"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tooLargeValueInPutAllKeepsThePreviousValueAndTheOthersWritten(String backend) {
        Cache<String, byte[]> cache = managerInNewProvider(backend, uniqueUri())
                .createCache("blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        byte[] small = {4, 5, 6};
        cache.put("big", small);
        cache.put("untouched", small);
        Map<String, byte[]> batch = new LinkedHashMap<>();
        batch.put("a", new byte[] {1});
        batch.put("big", new byte[2 << 20]);
        batch.put("b", new byte[] {2});

        CacheException failure = assertThrows(CacheException.class, () -> cache.putAll(batch));
        assertTrue(failure.getMessage().contains("too large"), failure.getMessage());

        assertArrayEquals(small, cache.get("big"), "the previous value is kept");
        assertArrayEquals(small, cache.get("untouched"));
        cache.put("later", small);
        assertArrayEquals(small, cache.get("later"));
    }
}
