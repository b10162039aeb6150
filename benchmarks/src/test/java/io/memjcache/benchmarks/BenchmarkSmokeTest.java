package io.memjcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this module once, briefly and in this JVM, so that the harness keeps compiling and
 * running. Asserts that each benchmark (with each of its parameter values) produced a score; no timing is asserted.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkProducesAResult() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(BenchmarkSmokeTest.class.getPackageName() + "\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            String name = result.getParams().getBenchmark()
                    + result.getParams().getParamsKeys().stream()
                            .map(key -> " " + key + "=" + result.getParams().getParam(key))
                            .reduce("", String::concat);
            assertTrue(score > 0 && Double.isFinite(score), name + " scored " + score);
            ran.add(name);
        }
        String pkg = BenchmarkSmokeTest.class.getPackageName() + ".";
        assertEquals(
                Set.of(
                        pkg + "provider.EntryCodecBenchmark.decode",
                        pkg + "provider.EntryCodecBenchmark.encode",
                        pkg + "provider.KetamaBenchmark.serverIndex servers=20",
                        pkg + "provider.KetamaBenchmark.serverIndex servers=3",
                        pkg + "provider.MetaAnswerBenchmark.batch",
                        pkg + "provider.MetaAnswerBenchmark.singles",
                        pkg + "server.ProtocolBenchmark.get protocol=binary",
                        pkg + "server.ProtocolBenchmark.get protocol=meta",
                        pkg + "server.ProtocolBenchmark.get protocol=text",
                        pkg + "server.ProtocolBenchmark.set protocol=binary",
                        pkg + "server.ProtocolBenchmark.set protocol=meta",
                        pkg + "server.ProtocolBenchmark.set protocol=text",
                        pkg + "server.RequestLineBenchmark.metaGet",
                        pkg + "server.RequestLineBenchmark.metaSet",
                        pkg + "server.RequestLineBenchmark.textSet",
                        pkg + "SerializerBenchmark.deserializeLong",
                        pkg + "SerializerBenchmark.deserializeString",
                        pkg + "SerializerBenchmark.serializeKey",
                        pkg + "SerializerBenchmark.serializeLong",
                        pkg + "SerializerBenchmark.serializeString",
                        pkg + "StoreBenchmark.get memoryLimit=524288",
                        pkg + "StoreBenchmark.get memoryLimit=67108864",
                        pkg + "StoreBenchmark.set memoryLimit=524288",
                        pkg + "StoreBenchmark.set memoryLimit=67108864"),
                ran);
    }
}
