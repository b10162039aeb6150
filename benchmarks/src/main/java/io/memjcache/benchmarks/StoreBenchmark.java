package io.memjcache.benchmarks;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.command.Commands;
import io.memjcache.server.command.StoreMode;
import io.memjcache.server.stats.PrefixStats;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The server's store under contention: gets and sets of random keys through the same command layer the protocols
 * use ({@link Commands}), by two threads sharing one store. With {@code memoryLimit} smaller than the key space's
 * items, sets evict.
 *
 * <p>JMH drives it: one {@link Shared} store per trial, one {@link Caller} per thread. No nulls.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class StoreBenchmark {

    /** Keys the benchmark draws from; each is {@code key:<n>}. */
    static final int KEY_COUNT = 16_384;

    private static final int VALUE_LENGTH = 100;

    /** The store and its command layer, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        /**
         * Store memory: 64 MiB holds the whole key space; 512 KiB holds a fraction of it, so that most sets evict.
         */
        @Param({"67108864", "524288"})
        public long memoryLimit;

        // Replaced in fill() once JMH has set memoryLimit; initialized here only so that the fields are never null.
        ItemStore store = new ItemStore(1, InstantSource.system(), new ServerStats());
        Commands commands = new Commands(store, new ServerStats(), new PrefixStats(), ServerConfig.defaults());

        @Setup(Level.Trial)
        public void fill() {
            ServerStats stats = new ServerStats();
            store = new ItemStore(memoryLimit, InstantSource.system(), stats);
            commands = new Commands(store, stats, new PrefixStats(), ServerConfig.defaults());
            Caller filler = new Caller();
            for (int i = 0; i < KEY_COUNT; i++) {
                filler.set(this, i);
            }
        }
    }

    /** One thread's key buffer, request bytes and random source. */
    @State(Scope.Thread)
    public static class Caller {
        final KeyBuffer key = new KeyBuffer();
        final ByteBuf keySource = Unpooled.buffer(32);
        final SplittableRandom random = new SplittableRandom();

        /** Puts key number {@code index} in {@link #key}, copied from a buffer as the decoders do. */
        void useKey(Shared shared, int index) {
            keySource.clear();
            keySource.writeCharSequence("key:" + index, StandardCharsets.US_ASCII);
            key.set(keySource, 0, keySource.readableBytes(), shared.store);
        }

        Object set(Shared shared, int index) {
            useKey(shared, index);
            // An item's data is key, value and the protocol's terminator, as the decoders build it.
            byte[] data = new byte[key.length + VALUE_LENGTH + 2];
            System.arraycopy(key.bytes, 0, data, 0, key.length);
            data[data.length - 2] = '\r';
            data[data.length - 1] = '\n';
            return shared.commands.storage.store(0, key, data, 0, 0, 0, StoreMode.SET, false, 0);
        }
    }

    private static int valueLength(Object target, Item item) {
        return item.valueLength();
    }

    @Benchmark
    public int get(Shared shared, Caller caller) {
        caller.useKey(shared, caller.random.nextInt(KEY_COUNT));
        return shared.commands.retrieval.fetch(
                caller.key, shared.store.now(), false, 0, caller, StoreBenchmark::valueLength);
    }

    @Benchmark
    public Object set(Shared shared, Caller caller) {
        return caller.set(shared, caller.random.nextInt(KEY_COUNT));
    }
}
