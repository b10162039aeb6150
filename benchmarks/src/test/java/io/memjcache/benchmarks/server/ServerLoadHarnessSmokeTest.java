package io.memjcache.benchmarks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.benchmarks.report.CsvReport;
import io.memjcache.benchmarks.report.JsonReport;
import io.memjcache.benchmarks.report.ResultRow;
import io.memjcache.benchmarks.report.Skip;
import io.memjcache.server.testsupport.ToolBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the server load harness's {@code --smoke} (every part, one short round) into a temporary directory, against
 * the bundled server's jar and Debian's memcached, so that the harness keeps running. Without memtier_benchmark
 * (as in CI) its cases must be reported as skipped, with the reason; with it ({@code MEMTIER_BENCHMARK} or
 * {@code PATH}) they must have numbers. Asserts that the files are written and every case run has numbers for each
 * target; no timing is asserted.
 */
class ServerLoadHarnessSmokeTest {

    @TempDir
    Path out;

    @Test
    void smokeRunWritesEveryReportWithNumbersForEachCaseRun() throws IOException {
        Path memcached = ToolBinaries.require("memcached", "memcached");
        Map<String, String> environment = System.getenv();
        boolean memtier = HarnessOptions.parse(new String[0], environment).memtier != null;

        ServerLoadHarness.Outcome outcome = ServerLoadHarness.run(
                new String[] {"--smoke", "--out", out.toString(), "--memcached", memcached.toString()}, environment);

        assertEquals(outcome.rows(), CsvReport.read(out.resolve("server-rounds.csv")));
        assertEquals(outcome.rows(), JsonReport.read(out.resolve("server-rounds.json")));
        List<String> pngs = new ArrayList<>(List.of("server-memory.png", "server-connect.png", "server-startup.png"));
        if (memtier) {
            pngs.add("server.png");
        }
        for (String png : pngs) {
            assertTrue(ImageIO.read(out.resolve(png).toFile()).getHeight() > 0, png);
        }
        String summary = Files.readString(out.resolve("server-summary.md"));
        for (Skip skip : outcome.skipped()) {
            assertTrue(summary.contains(skip.caseName() + ": " + skip.reason()), summary);
        }

        HarnessOptions smoke = HarnessOptions.parse(new String[] {"--smoke"}, environment);
        List<String> loadCases = List.copyOf(LoadPart.cases(smoke).keySet());
        for (String name : loadCases) {
            expectMeasuredOrSkipped(outcome, memtier, LoadPart.PART, name, "memcached", "memjcache");
        }
        expectMeasuredOrSkipped(outcome, memtier, MemoryPart.PART, MemoryPart.CHURN_PEAK, "memcached", "memjcache");
        String items = MemoryPart.caseName(smoke);
        expectMeasuredOrSkipped(outcome, true, MemoryPart.PART, items, "memcached", "memjcache");
        for (String name : List.of(ConnectProbe.FIRST_REPLY, ConnectProbe.VISIBLE)) {
            expectMeasuredOrSkipped(outcome, true, ConnectPart.PART, name, "memcached", "memjcache");
        }
        expectMeasuredOrSkipped(outcome, true, StartupPart.PART, StartupPart.CASE, StartupPart.TARGET);
    }

    private static void expectMeasuredOrSkipped(
            ServerLoadHarness.Outcome outcome, boolean measured, String part, String caseName, String... targets) {
        boolean skipped = outcome.skipped().stream()
                .anyMatch(skip -> skip.part().equals(part) && skip.caseName().equals(caseName));
        assertEquals(!measured, skipped, part + "/" + caseName + " skipped: " + outcome.skipped());
        for (String target : targets) {
            List<ResultRow> rows = outcome.rows().stream()
                    .filter(row -> row.part().equals(part)
                            && row.caseName().equals(caseName)
                            && row.target().equals(target))
                    .toList();
            if (measured) {
                assertFalse(rows.isEmpty(), part + "/" + caseName + "/" + target + " has no row");
                for (ResultRow row : rows) {
                    assertFalse(row.metrics().isEmpty(), row.toString());
                    row.metrics()
                            .forEach((metric, value) ->
                                    assertTrue(value > 0 || metric.equals(MemoryPart.OVER_LIMIT_MB), row.toString()));
                }
            } else {
                assertTrue(rows.isEmpty(), rows.toString());
            }
        }
    }
}
