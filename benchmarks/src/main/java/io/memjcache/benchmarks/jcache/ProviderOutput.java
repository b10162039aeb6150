package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.report.ChartReport;
import io.memjcache.benchmarks.report.CsvReport;
import io.memjcache.benchmarks.report.JsonReport;
import io.memjcache.benchmarks.report.ResultRow;
import io.memjcache.benchmarks.report.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the harness's files through the shared report package: {@code provider-rounds.csv} and {@code
 * provider-rounds.json} (every round of every target), {@code provider-summary.md}, and {@code provider-chart.png}
 * (medians of throughput and latency percentiles). The chart leaves out the in-process ceiling (Caffeine, Ehcache):
 * at hundreds of times the others' throughput, their bars would flatten everyone else's. Stateless.
 */
final class ProviderOutput {

    static final String CSV = "provider-rounds.csv";
    static final String JSON = "provider-rounds.json";
    static final String SUMMARY = "provider-summary.md";
    static final String CHART = "provider-chart.png";

    private static final Set<String> NOT_CHARTED = Set.of(Target.CAFFEINE.id(), Target.EHCACHE.id());

    private ProviderOutput() {}

    static List<ResultRow> rows(List<RunOutput> runs) {
        List<ResultRow> rows = new ArrayList<>();
        for (RunOutput run : runs) {
            rows.addAll(run.rows());
        }
        return rows;
    }

    static void write(Path out, List<RunOutput> runs, String summary) throws IOException {
        Files.createDirectories(out);
        List<ResultRow> rows = rows(runs);
        CsvReport.write(out.resolve(CSV), rows);
        JsonReport.write(out.resolve(JSON), rows);
        Files.writeString(out.resolve(SUMMARY), summary, StandardCharsets.UTF_8);
        List<ResultRow> charted =
                rows.stream().filter(row -> !NOT_CHARTED.contains(row.target())).toList();
        ChartReport.writePng(
                out.resolve(CHART),
                Summary.of(charted, ProviderSummary.OURS.id()),
                "Provider versus peers (without the in-process ceiling)",
                List.of(Workloads.OPS, Workloads.KEYS_PER_S, Workloads.P50, Workloads.P99, Workloads.P999));
    }
}
