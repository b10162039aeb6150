package io.memjcache.jcache.serialization;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the deserializer with arbitrary value bytes, as anyone who can write to memcached could plant them: it
 * answers a value or an {@link IllegalStateException} (which the cache turns into a miss or a
 * {@code CacheException} naming the cache), never another exception, an {@link Error} or a hang. The allow-list is
 * as wide as a test can make it, the test classes included, to give the fuzzer the most code to reach. In
 * {@code mvn verify} this runs once per seed input (regression mode, inputs under
 * {@code src/test/resources/.../DefaultSerializerFuzzTestInputs/deserialize}); see the README for a long run.
 */
class DefaultSerializerFuzzTest {

    private static final ClassLoader LOADER = DefaultSerializerFuzzTest.class.getClassLoader();
    private static final AllowedClasses ALLOWED = AllowedClasses.parse("io.memjcache.**");
    private static final DefaultSerializer SERIALIZER = new DefaultSerializer();

    @FuzzTest(maxDuration = "3m")
    void deserialize(byte[] value) {
        try {
            SERIALIZER.deserialize(value, LOADER, ALLOWED, Object.class);
        } catch (IllegalStateException expected) {
            // Corrupt, refused or unloadable: the documented answer.
        }
    }
}
