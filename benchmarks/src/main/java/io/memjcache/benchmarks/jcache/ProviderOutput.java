package io.memjcache.benchmarks.jcache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the harness's files. Stateless. */
final class ProviderOutput {

    private ProviderOutput() {}

    static void write(Path out, List<RunOutput> runs, String summary) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("round,target,workload,metric,value\n");
        for (RunOutput run : runs) {
            for (Map.Entry<String, Double> entry : run.metrics().entrySet()) {
                String[] parts = entry.getKey().split("/", 2);
                csv.append(String.format(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%.3f%n",
                        run.round(),
                        run.target().id(),
                        parts[0],
                        parts[1],
                        entry.getValue()));
            }
        }
        Files.writeString(out.resolve("provider-rounds.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("provider-summary.md"), summary, StandardCharsets.UTF_8);
    }
}
