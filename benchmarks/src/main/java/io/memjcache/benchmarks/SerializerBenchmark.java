package io.memjcache.benchmarks;

import io.memjcache.jcache.serialization.DefaultSerializer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The provider's {@link DefaultSerializer}: every key and value of a cache passes through it on the way in and out,
 * so its common types (strings, longs) are on every operation's path.
 *
 * <p>JMH drives it: one state per thread. Deserialized values may be null only for a serialized null, which this
 * does not use.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SerializerBenchmark {

    private final DefaultSerializer serializer = new DefaultSerializer();
    private final ClassLoader loader = SerializerBenchmark.class.getClassLoader();
    private final String text = "user:42:profile:" + "x".repeat(48);
    private final byte[] textBytes = serializer.serialize(text);
    private final byte[] longBytes = serializer.serialize(1_234_567_890_123L);

    @Benchmark
    public byte[] serializeKey() {
        return serializer.serializeKey(text);
    }

    @Benchmark
    public byte[] serializeString() {
        return serializer.serialize(text);
    }

    @Benchmark
    public @Nullable Object deserializeString() {
        return serializer.deserialize(textBytes, loader);
    }

    @Benchmark
    public byte[] serializeLong() {
        return serializer.serialize(1_234_567_890_123L);
    }

    @Benchmark
    public @Nullable Object deserializeLong() {
        return serializer.deserialize(longBytes, loader);
    }
}
