package io.memjcache.benchmarks.provider;

import io.memjcache.jcache.serialization.DefaultSerializer;
import io.memjcache.jcache.store.EntryCodec;
import io.memjcache.jcache.store.StoredEntry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The provider's {@link EntryCodec}: every entry written to memcached is encoded (generation, expiry deadline,
 * serialized key and value) and every entry read is decoded. The entry has a deadline (an expiry policy's), a
 * serialized string key and a serialized 100-character string value, as {@link DefaultSerializer} makes them.
 *
 * <p>JMH drives it: one state per thread. No nulls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EntryCodecBenchmark {

    private final StoredEntry entry;
    private final byte[] encoded;

    public EntryCodecBenchmark() {
        DefaultSerializer serializer = new DefaultSerializer();
        entry = new StoredEntry(
                42,
                1_800_000_000_000L,
                serializer.serializeKey("user:42:profile"),
                serializer.serialize("v".repeat(100)));
        encoded = EntryCodec.encode(entry);
        if (!EntryCodec.decode(encoded).equals(Optional.of(entry))) {
            throw new IllegalStateException("the entry does not survive encoding: " + entry);
        }
    }

    @Benchmark
    public byte[] encode() {
        return EntryCodec.encode(entry);
    }

    @Benchmark
    public Optional<StoredEntry> decode() {
        return EntryCodec.decode(encoded);
    }
}
