package io.memjcache.benchmarks.provider;

import io.memjcache.jcache.client.ReplayedAnswers;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The provider client's meta-protocol answer path, network aside ({@link ReplayedAnswers}): a request written to
 * the connection's buffer, then its answer line read, split and turned into the command's result, value block
 * included. {@code singles}: one exchange per command, {@code HD}, {@code EN} and {@code VA} answers (100-byte
 * values); {@code batch}: a pipelined {@code getAll} of quiet {@code mg}, {@code VA} answers with opaque tokens and
 * {@code MN}. The score is per command.
 *
 * <p>Setup checks that each workload finds the values it should. JMH drives it: one pair of replays per thread.
 * No nulls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MetaAnswerBenchmark {

    private static final int VALUE_LENGTH = 100;

    private final ReplayedAnswers singles = new ReplayedAnswers(true, VALUE_LENGTH);
    private final ReplayedAnswers batch = new ReplayedAnswers(false, VALUE_LENGTH);

    @Setup(Level.Trial)
    public void check() throws IOException {
        // Half the single exchanges are hits; in the batch, every key but the quarter that misses.
        expect(8, singles.singles());
        expect(12, batch.batch());
    }

    private static void expect(int hits, int found) {
        if (found != hits) {
            throw new IllegalStateException("the replay found " + found + " values, expected " + hits);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        singles.close();
        batch.close();
    }

    @Benchmark
    @OperationsPerInvocation(ReplayedAnswers.EXCHANGES)
    public int singles() throws IOException {
        return singles.singles();
    }

    @Benchmark
    @OperationsPerInvocation(ReplayedAnswers.EXCHANGES)
    public int batch() throws IOException {
        return batch.batch();
    }
}
