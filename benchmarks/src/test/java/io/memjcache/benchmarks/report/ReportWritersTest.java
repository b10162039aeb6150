package io.memjcache.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report writers on real files, read back: CSV, JSON, the Markdown summary and the PNG chart. */
class ReportWritersTest {

    @TempDir
    Path dir;

    /** Two targets, two rounds each, with the values a harness would produce, and awkward text. */
    private static List<ResultRow> rows() {
        return List.of(
                row("load", "100B-p1", "memcached", 1, 120_000.5, 0.4),
                row("load", "100B-p1", "memjcache", 1, 108_000, 0.5),
                row("load", "100B-p1", "memcached", 2, 100_000, 0.6),
                row("load", "100B-p1", "memjcache", 2, 110_000, 0.48),
                new ResultRow("memory", "1M items, \"100 B\"", "memjcache", 1, Map.of(Metrics.RSS_MB, 12345678.25)),
                row("load", "100B-p1", "memcached", 3, 2.5e-7, 1e9));
    }

    private static ResultRow row(String part, String caseName, String target, int round, double ops, double p99) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metrics.OPS_PER_SEC, ops);
        metrics.put(Metrics.P99_MS, p99);
        return new ResultRow(part, caseName, target, round, metrics);
    }

    @Test
    void csvReadsBackEveryRowExactly() throws IOException {
        Path file = dir.resolve("rounds.csv");
        CsvReport.write(file, rows());

        assertEquals(rows(), CsvReport.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals("part,case,target,round,ops_per_sec,p99_ms,rss_mb", lines.get(0));
        assertEquals("load,100B-p1,memcached,1,120000.5,0.4,", lines.get(1));
        assertEquals("memory,\"1M items, \"\"100 B\"\"\",memjcache,1,,,12345678.25", lines.get(5));
        assertEquals("load,100B-p1,memcached,3,0.00000025,1000000000,", lines.get(6));
    }

    @Test
    void jsonReadsBackEveryRowExactly() throws IOException {
        Path file = dir.resolve("rounds.json");
        JsonReport.write(file, rows());

        assertEquals(rows(), JsonReport.read(file));
        assertTrue(Files.readString(file).contains("\"case\" : \"100B-p1\""), Files.readString(file));
    }

    @Test
    void summaryHasMediansAndPairedRatios() {
        Summary summary = Summary.of(rows().subList(0, 4), "memcached");

        Summary.Line ops = summary.line("load", "100B-p1", Metrics.OPS_PER_SEC, "memjcache");
        assertNotNull(ops);
        assertEquals(109_000, ops.median(), 1e-9);
        assertEquals(110_000.25, ops.referenceMedian(), 1e-9);
        assertEquals(109_000 / 110_000.25, ops.ratio(), 1e-12);
        assertEquals(108_000 / 120_000.5, ops.ratioMin(), 1e-12);
        assertEquals(1.1, ops.ratioMax(), 1e-12);
        assertEquals(2, ops.rounds());
        Summary.Line reference = summary.line("load", "100B-p1", Metrics.OPS_PER_SEC, "memcached");
        assertNotNull(reference);
        assertNull(reference.ratio());
        assertEquals(3.0, Summary.median(List.of(5.0, 1.0, 3.0)));
    }

    @Test
    void markdownShowsRatiosGoalsAndSkips() throws IOException {
        Summary summary = Summary.of(rows().subList(0, 5), "memcached");
        String table = MarkdownSummary.render(
                summary,
                line -> line.metric().equals(Metrics.OPS_PER_SEC) ? Goal.ratioAtLeast(1.0) : null,
                List.of(new Skip("load", "4KB-p16", "memtier_benchmark not found")));
        Path file = dir.resolve("summary.md");
        Files.writeString(file, table);

        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("| Part | Case | Metric | memcached (median) |"), lines.get(0));
        assertTrue(lines.get(0).endsWith("| Goal | Met |"), lines.get(0));
        assertEquals(
                "| load | 100B-p1 | ops_per_sec | 110,000 | memjcache | 109,000 | 108,000 - 110,000 | 0.99x"
                        + " | 0.90x - 1.10x | 2 | >= 1.0x | **missed** |",
                lines.get(2));
        assertEquals(
                "| load | 100B-p1 | p99_ms | 0.500 | memjcache | 0.490 | 0.480 - 0.500 | 0.98x | 0.80x - 1.25x | 2 |"
                        + "  |  |",
                lines.get(3));
        assertTrue(table.contains("| memory | 1M items, \"100 B\" | rss_mb | - | memjcache | 12,345,678 |"), table);
        assertTrue(table.contains("- load / 4KB-p16: memtier_benchmark not found"), table);
    }

    @Test
    void chartIsAPngWithOnePanelPerMetricPresent() throws IOException {
        Path file = dir.resolve("chart.png");
        int panels = ChartReport.writePng(
                file, Summary.of(rows(), "memcached"), "test", List.of(Metrics.OPS_PER_SEC, "absent", Metrics.P99_MS));

        assertEquals(2, panels);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image);
        assertEquals(2 * 320, image.getHeight());
    }

    @Test
    void rowsRejectReservedOrNonFiniteMetrics() {
        assertThrows(IllegalArgumentException.class, () -> new ResultRow("p", "c", "t", 1, Map.of("case", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> new ResultRow("p", "c", "t", 1, Map.of("x", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> new ResultRow("p", "c", "t", 0, Map.of()));
    }
}
