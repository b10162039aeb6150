package io.memjcache.cdi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memjcache.cdi.core.DefaultGeneratedCacheKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DefaultGeneratedCacheKeyTest {

    @Test
    void equalValuesMakeEqualKeysIncludingNestedArraysAndNulls() {
        DefaultGeneratedCacheKey one =
                new DefaultGeneratedCacheKey("a", 1, null, new int[] {1, 2}, new Object[] {new long[] {3L}, "x"});
        DefaultGeneratedCacheKey two =
                new DefaultGeneratedCacheKey("a", 1, null, new int[] {1, 2}, new Object[] {new long[] {3L}, "x"});
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
    }

    @Test
    void differentValuesOrOrderMakeDifferentKeys() {
        assertNotEquals(new DefaultGeneratedCacheKey("a", "b"), new DefaultGeneratedCacheKey("b", "a"));
        assertNotEquals(new DefaultGeneratedCacheKey(new int[] {1}), new DefaultGeneratedCacheKey(new int[] {2}));
        assertNotEquals(new DefaultGeneratedCacheKey(1), new DefaultGeneratedCacheKey(1L));
        assertNotEquals(new DefaultGeneratedCacheKey("a"), new DefaultGeneratedCacheKey("a", "b"));
    }

    @Test
    void laterChangesToTheArgumentArrayDoNotChangeTheKey() {
        Object[] values = {"a", "b"};
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(values);
        values[0] = "z";
        assertEquals(new DefaultGeneratedCacheKey("a", "b"), key);
    }

    @Test
    void serializedFormRoundTripsAndIsTheSameForEqualKeys() throws Exception {
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey("a", TimeUnit.SECONDS, new int[] {1});
        byte[] bytes = serialize(key);
        assertArrayEquals(bytes, serialize(new DefaultGeneratedCacheKey("a", TimeUnit.SECONDS, new int[] {1})));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            Object copy = in.readObject();
            assertEquals(key, copy);
            assertEquals(key.hashCode(), copy.hashCode());
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
