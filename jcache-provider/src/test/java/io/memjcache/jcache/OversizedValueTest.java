package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value larger than the server's item size (1 MB by default on both servers) fails with a CacheException that
 * says so, and nothing else is disturbed: other entries, the key's previous value, later operations; in putAll and
 * putAllAsync, whose round of writes is on the asynchronous client.
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

    /** @return each backend with putAll (false) and putAllAsync (true) */
    static Stream<Arguments> backendsBlockingAndAsync() {
        return backends().flatMap(backend -> Stream.of(Arguments.of(backend, false), Arguments.of(backend, true)));
    }

    @ParameterizedTest
    @MethodSource("backendsBlockingAndAsync")
    void tooLargeValueInPutAllKeepsThePreviousValueAndTheOthersWritten(String backend, boolean async) {
        Cache<String, byte[]> cache = managerInNewProvider(backend, uniqueUri())
                .createCache("blobs", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        byte[] small = {4, 5, 6};
        cache.put("big", small);
        cache.put("untouched", small);
        Map<String, byte[]> batch = new LinkedHashMap<>();
        batch.put("a", new byte[] {1});
        batch.put("big", new byte[2 << 20]);
        batch.put("b", new byte[] {2});

        CacheException failure;
        if (async) {
            MemjcacheCache<?, ?> memjcache = cache.unwrap(MemjcacheCache.class);
            @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
            MemjcacheCache<String, byte[]> typed = (MemjcacheCache<String, byte[]>) memjcache;
            CompletionException thrown = assertThrows(
                    CompletionException.class,
                    () -> typed.putAllAsync(batch).toCompletableFuture().join());
            failure = assertInstanceOf(CacheException.class, thrown.getCause());
        } else {
            failure = assertThrows(CacheException.class, () -> cache.putAll(batch));
        }
        assertTrue(failure.getMessage().contains("too large"), failure.getMessage());

        assertArrayEquals(new byte[] {1}, cache.get("a"), "the others are written");
        assertArrayEquals(new byte[] {2}, cache.get("b"));
        assertArrayEquals(small, cache.get("big"), "the previous value is kept");
        assertArrayEquals(small, cache.get("untouched"));
        cache.put("later", small);
        assertArrayEquals(small, cache.get("later"));
    }
}
