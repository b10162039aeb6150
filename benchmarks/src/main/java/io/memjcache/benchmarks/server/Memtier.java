package io.memjcache.benchmarks.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code memtier_benchmark} runs against one server, pinned to the client CPU, and its {@code --json-out-file} read
 * back: total ops/s and the p50, p99 and p99.9 latencies it was asked for. Not thread-safe.
 *
 * @param binary the memtier executable
 * @param options the harness options (protocol, client CPU, output directory)
 * @param children where the memtier process is tracked
 */
record Memtier(Path binary, HarnessOptions options, ChildProcesses children) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One workload.
     *
     * @param valueBytes value size
     * @param keys key space, {@code 1..keys}
     * @param ratio set:get, e.g. {@code "1:9"}
     * @param pipeline requests in flight per connection
     */
    record Workload(int valueBytes, int keys, String ratio, int pipeline) {}

    /** Stores every key of the workload once, in order, over a few pipelined connections. */
    void preload(ServerProcess server, Workload workload) throws IOException {
        run(
                server,
                List.of(
                        "-t", "1",
                        "-c", "4",
                        "--pipeline", "32",
                        "-d", Integer.toString(workload.valueBytes()),
                        "--ratio", "1:0",
                        "--key-pattern", "P:P",
                        "--key-minimum", "1",
                        "--key-maximum", Integer.toString(workload.keys()),
                        "-n", "allkeys"),
                Math.max(120, workload.keys() / 1000));
    }

    /** Runs the workload for the given seconds; returns ops/s and the latency percentiles in milliseconds. */
    Map<String, Double> measure(ServerProcess server, Workload workload, int seconds) throws IOException {
        return run(
                server,
                List.of(
                        "-t",
                        "1",
                        "-c",
                        "50",
                        "--pipeline",
                        Integer.toString(workload.pipeline()),
                        "-d",
                        Integer.toString(workload.valueBytes()),
                        "--ratio",
                        workload.ratio(),
                        "--key-pattern",
                        "R:R",
                        "--key-minimum",
                        "1",
                        "--key-maximum",
                        Integer.toString(workload.keys()),
                        "--distinct-client-seed",
                        "--test-time",
                        Integer.toString(seconds)),
                seconds + 60);
    }

    private Map<String, Double> run(ServerProcess server, List<String> workloadArgs, int timeoutSeconds)
            throws IOException {
        Path json = Files.createTempFile(options.out, "memtier-", ".json");
        Path log = options.out.resolve("logs").resolve("memtier-" + server.target() + ".log");
        List<String> command = new ArrayList<>(ServerProcess.pin(options.clientCpu));
        command.addAll(List.of(
                binary.toString(),
                "-s",
                ServerProcess.HOST,
                "-p",
                Integer.toString(server.port()),
                "-P",
                options.protocol,
                "--hide-histogram",
                "--print-percentiles",
                "50,99,99.9",
                "--json-out-file",
                json.toString()));
        command.addAll(workloadArgs);
        Files.createDirectories(log.getParent());
        Process process = children.start(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("memtier did not finish within " + timeoutSeconds + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException("memtier exited with " + process.exitValue() + " (see " + log + "): " + command);
            }
            return parse(json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            children.end(process);
            Files.deleteIfExists(json);
        }
    }

    /** @return ops/s and p50, p99, p99.9 in milliseconds of the totals of memtier's JSON output */
    static Map<String, Double> parse(Path json) throws IOException {
        JsonNode totals = MAPPER.readTree(json.toFile()).path("ALL STATS").path("Totals");
        JsonNode percentiles = totals.path("Percentile Latencies");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metrics.OPS_PER_SEC, number(totals, "Ops/sec", json));
        metrics.put(Metrics.P50_MS, number(percentiles, "p50.00", json));
        metrics.put(Metrics.P99_MS, number(percentiles, "p99.00", json));
        metrics.put(Metrics.P999_MS, number(percentiles, "p99.90", json));
        return metrics;
    }

    private static double number(JsonNode node, String field, Path json) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IOException(json + ": no number " + field + " in memtier's totals");
        }
        return value.doubleValue();
    }
}
