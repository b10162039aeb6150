package io.memjcache.benchmarks.server;

import io.memjcache.server.net.EmbeddedConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's request path for each protocol: a pipelined read of {@value #PIPELINE} requests (gets that hit, or
 * sets of 100-byte values) goes through one connection's real handler ({@link EmbeddedConnection}: framing,
 * decoding, the command, the encoded answer), and the answers are released. The score is per request. The
 * requests are {@code get}/{@code set}, {@code mg <key> v f t}/{@code ms <key> 100 T0 F0}, and binary
 * {@code GETK}/{@code SET}; they cycle through {@value #ROUNDS} pipelines of distinct keys, all stored beforehand.
 *
 * <p>Setup checks that each kind of pipeline gets the answers it should (all hits, all stored), so that the score
 * is never that of an error path. JMH drives it: one connection and server per thread. No nulls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProtocolBenchmark {

    /** Requests per read: as many as memtier's pipeline 16, fewer than the server runs in one turn (-R 20). */
    static final int PIPELINE = 16;

    private static final int ROUNDS = 64;
    private static final int VALUE_LENGTH = 100;
    private static final long MEMORY_LIMIT = 64L * 1024 * 1024;

    @Param({"text", "meta", "binary"})
    public String protocol = "text";

    private final EmbeddedConnection connection = new EmbeddedConnection(MEMORY_LIMIT);
    private final ByteBuf[] gets = new ByteBuf[ROUNDS];
    private final ByteBuf[] sets = new ByteBuf[ROUNDS];
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        Requests requests = Requests.valueOf(protocol.toUpperCase(Locale.ROOT));
        for (int round = 0; round < ROUNDS; round++) {
            gets[round] = pipeline(requests, round, false);
            sets[round] = pipeline(requests, round, true);
            check(requests, round, true, connection.answers(sets[round].retainedDuplicate()));
        }
        for (int round = 0; round < ROUNDS; round++) {
            check(requests, round, false, connection.answers(gets[round].retainedDuplicate()));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        connection.close();
        for (int round = 0; round < ROUNDS; round++) {
            gets[round].release();
            sets[round].release();
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int get() {
        return connection.exchange(gets[nextRound()].retainedDuplicate());
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int set() {
        return connection.exchange(sets[nextRound()].retainedDuplicate());
    }

    private int nextRound() {
        next = (next + 1) & (ROUNDS - 1);
        return next;
    }

    private static String key(int round, int index) {
        return String.format(Locale.ROOT, "key:%05d", round * PIPELINE + index);
    }

    private static ByteBuf pipeline(Requests requests, int round, boolean set) {
        ByteBuf buffer = Unpooled.buffer();
        for (int i = 0; i < PIPELINE; i++) {
            byte[] key = key(round, i).getBytes(StandardCharsets.US_ASCII);
            if (set) {
                requests.set(buffer, key, value(round, i));
            } else {
                requests.get(buffer, key);
            }
        }
        return buffer;
    }

    private static byte[] value(int round, int index) {
        byte[] value = new byte[VALUE_LENGTH];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + (round + index + i) % 26);
        }
        return value;
    }

    private static void check(Requests requests, int round, boolean set, String answers) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            byte[] key = key(round, i).getBytes(StandardCharsets.US_ASCII);
            expected.append(
                    set
                            ? requests.stored()
                            : requests.hit(key, new String(value(round, i), StandardCharsets.US_ASCII)));
        }
        if (!requests.comparable(answers).contentEquals(expected)) {
            throw new IllegalStateException(
                    requests + (set ? " sets" : " gets") + " answered '" + answers + "', expected '" + expected + "'");
        }
    }
}
