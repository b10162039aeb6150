package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.ResultRow;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Startup of the embedded default: {@code --startup-samples} fresh child JVMs running {@link StartupProbe}, each a
 * round of target {@code memjcache-embedded}; the time measured inside the child and the process wall time (JVM
 * start to exit). Not thread-safe.
 *
 * @param options the harness options
 * @param children where started processes are tracked
 * @param rows where measured rounds are added
 */
record StartupPart(HarnessOptions options, ChildProcesses children, List<ResultRow> rows) {

    static final String PART = "startup";
    static final String CASE = "embedded-first-use";
    static final String TARGET = "memjcache-embedded";
    static final String WALL_MS = "wall_ms";

    void run() throws IOException {
        for (int sample = 1; sample <= options.startupSamples; sample++) {
            ChildJvm.Output output = ChildJvm.run(children, -1, StartupProbe.class, List.of(), 120);
            String prefix = "RESULT " + StartupProbe.FIRST_USE_MS + "=";
            String line = output.lines().stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new IOException("StartupProbe printed no result: " + output.lines()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(StartupProbe.FIRST_USE_MS, Double.parseDouble(line.substring(prefix.length())));
            metrics.put(WALL_MS, output.wallNanos() / 1e6);
            System.out.printf("startup sample %d %s%n", sample, metrics);
            rows.add(new ResultRow(PART, CASE, TARGET, sample, metrics));
        }
    }
}
