package io.memjcache.jcache.configuration;

import io.memjcache.jcache.serialization.Serializer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Serializer} for configuration tests: strings only, as UTF-8. Thread-safe (stateless). Arguments must not
 * be {@code null}; results are never {@code null}.
 */
public final class TestSerializer implements Serializer {

    @Override
    public byte[] serialize(Object value) {
        return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader classLoader) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
