package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.report.ResultRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one run of one target produced: its numbers by {@code workload/metric}, or why it produced none. Immutable.
 *
 * @param round the round, from 1
 * @param target the target
 * @param metrics the numbers, keyed by {@link #key(String, String)}
 * @param error why the run failed or was skipped, or null if it ran
 */
record RunOutput(
        int round,
        Target target,
        Map<String, Double> metrics,
        @Nullable String error) {

    RunOutput {
        metrics = Map.copyOf(metrics);
    }

    /** The report's part name of every row of this harness. */
    static final String PART = "jcache";

    static String key(String workload, String metric) {
        return workload + "/" + metric;
    }

    static RunOutput failed(int round, Target target, String error) {
        return new RunOutput(round, target, Map.of(), error);
    }

    /** The {@link Results} lines of a child's log; other lines are the peers' own output. */
    static Map<String, Double> parse(Path log) throws IOException {
        Map<String, Double> metrics = new TreeMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(Results.PREFIX)) {
                String[] parts = line.substring(Results.PREFIX.length()).trim().split(" ", -1);
                if (parts.length == 3) {
                    metrics.put(key(parts[0], parts[1]), Double.parseDouble(parts[2]));
                }
            }
        }
        return metrics;
    }

    /** A number, or null if the run did not produce it. */
    @Nullable
    Double metric(String workload, String metric) {
        return metrics.get(key(workload, metric));
    }

    /** The report's rows: one per workload, in the harness's part {@link #PART}. */
    List<ResultRow> rows() {
        Map<String, Map<String, Double>> byWorkload = new TreeMap<>();
        metrics.forEach((key, value) -> {
            int slash = key.indexOf('/');
            byWorkload
                    .computeIfAbsent(key.substring(0, slash), w -> new TreeMap<>())
                    .put(key.substring(slash + 1), value);
        });
        List<ResultRow> rows = new ArrayList<>();
        byWorkload.forEach((workload, values) -> rows.add(new ResultRow(PART, workload, target.id(), round, values)));
        return rows;
    }
}
