package io.memjcache.benchmarks.provider;

import io.memjcache.jcache.client.RingLookup;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The provider's ketama lookup: which server owns a key (an MD5 of the key and a binary search of the ring), done
 * for every key of every operation. Keys look like the provider's (a cache prefix and a serialized key), drawn in
 * turn from {@value #KEY_COUNT}.
 *
 * <p>JMH drives it: one ring and key list per thread. No nulls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KetamaBenchmark {

    private static final int KEY_COUNT = 1024;

    @Param({"3", "20"})
    public int servers;

    private RingLookup ring = new RingLookup(1);
    private final String[] keys = new String[KEY_COUNT];
    private int next;

    @Setup(Level.Trial)
    public void build() {
        ring = new RingLookup(servers);
        for (int i = 0; i < KEY_COUNT; i++) {
            keys[i] = "c7f3e1:1:" + Integer.toHexString(0x5a5a_0000 + i * 7919);
        }
    }

    @Benchmark
    public int serverIndex() {
        next = (next + 1) & (KEY_COUNT - 1);
        return ring.serverIndex(keys[next]);
    }
}
