package io.memjcache.jcache;

import io.memjcache.jcache.serialization.AllowedClasses;
import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.serialization.Serializer;
import io.memjcache.jcache.serialization.TestBytes;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Serializer} that writes what another build of the application would: the default serializer's bytes,
 * except that {@link EvolvingValue} carries another {@code serialVersionUID}, as after a deploy that changed the
 * class incompatibly. Configured through {@code memjcache.serializer} by the tests of class evolution.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}; results are never {@code null}.
 */
public final class EvolvedClassSerializer implements Serializer {

    private static final byte[] PROBE_NAME = EvolvingValue.class.getName().getBytes(StandardCharsets.UTF_8);

    private final DefaultSerializer delegate = new DefaultSerializer();

    @Override
    public byte[] serialize(Object value) {
        return changeUid(delegate.serialize(value));
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader classLoader) {
        return delegate.deserialize(changeUid(bytes.clone()), classLoader);
    }

    /** Reads what it wrote (and nothing the current build writes), as the other build would. */
    @Override
    public Object deserialize(byte[] bytes, ClassLoader classLoader, AllowedClasses allowed, Class<?> expectedType) {
        return delegate.deserialize(changeUid(bytes.clone()), classLoader, allowed, expectedType);
    }

    /** Flips the bits of the class's UID, if the bytes hold the class: applied twice, it gives the original. */
    private static byte[] changeUid(byte[] bytes) {
        int name = TestBytes.indexOf(bytes, PROBE_NAME);
        if (name >= 0) {
            // A class descriptor is the class name (modified UTF-8, here plain ASCII) then the 8-byte UID.
            int uid = name + PROBE_NAME.length;
            for (int i = uid; i < uid + Long.BYTES; i++) {
                bytes[i] ^= 0x5a;
            }
        }
        return bytes;
    }
}
