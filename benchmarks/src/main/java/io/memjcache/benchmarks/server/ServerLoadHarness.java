package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.ChartReport;
import io.memjcache.benchmarks.report.CsvReport;
import io.memjcache.benchmarks.report.Goal;
import io.memjcache.benchmarks.report.JsonReport;
import io.memjcache.benchmarks.report.MarkdownSummary;
import io.memjcache.benchmarks.report.Metrics;
import io.memjcache.benchmarks.report.ResultRow;
import io.memjcache.benchmarks.report.Skip;
import io.memjcache.benchmarks.report.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server load harness of the {@code benchmarks} module: the bundled server against Debian's memcached in one
 * run, rounds alternating A B A B, in four parts (memtier load, resident memory, connection setup, embedded
 * startup). {@code --help} describes the parts and options ({@link HarnessOptions#HELP}). Writes
 * {@code server-rounds.csv}, {@code server-rounds.json}, {@code server-summary.md} (medians, ratios
 * memjcache/memcached, issue 10's targets with met/missed) and {@code server*.png} into the output directory. Every
 * process it starts is ended when it ends, also on failure or Ctrl-C.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class ServerLoadHarness {

    /**
     * What a run measured.
     *
     * @param rows one per round
     * @param skipped the cases not run, with the reason
     */
    public record Outcome(List<ResultRow> rows, List<Skip> skipped) {}

    private ServerLoadHarness() {}

    public static void main(String[] args) throws IOException {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(HarnessOptions.HELP);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(HarnessOptions.HELP);
            return;
        }
        run(options, String.join(" ", args));
    }

    /** Runs the harness as the command line {@code args} asks (the environment gives MEMTIER_BENCHMARK, PATH). */
    public static Outcome run(String[] args, Map<String, String> environment) throws IOException {
        return run(HarnessOptions.parse(args, environment), String.join(" ", args));
    }

    private static Outcome run(HarnessOptions options, String commandLine) throws IOException {
        Files.createDirectories(options.out);
        List<ResultRow> rows = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        try (ChildProcesses children = new ChildProcesses()) {
            if (options.runs(LoadPart.PART)) {
                new LoadPart(options, children, rows, skipped).run();
            }
            if (options.runs(MemoryPart.PART)) {
                new MemoryPart(options, children, rows).run();
                if (!options.runs(LoadPart.PART)) {
                    skipped.add(new Skip(MemoryPart.PART, MemoryPart.CHURN_PEAK, "measured by the load part's churn"));
                }
            }
            if (options.runs(ConnectPart.PART)) {
                new ConnectPart(options, children, rows).run();
            }
            if (options.runs(StartupPart.PART)) {
                new StartupPart(options, children, rows).run();
            }
        }
        write(options, commandLine, rows, skipped);
        return new Outcome(List.copyOf(rows), List.copyOf(skipped));
    }

    private static void write(HarnessOptions options, String commandLine, List<ResultRow> rows, List<Skip> skipped)
            throws IOException {
        Path out = options.out;
        CsvReport.write(out.resolve("server-rounds.csv"), rows);
        JsonReport.write(out.resolve("server-rounds.json"), rows);
        Summary summary = Summary.of(rows, ServerProcess.MEMCACHED);
        String markdown = "# Server load harness\n\n"
                + "Run " + Instant.now() + " with `ServerLoadHarness " + commandLine + "` (protocol "
                + options.protocol + ", " + options.rounds + " round(s) per target, " + options.phaseSeconds
                + " s load phases, servers on CPU " + options.serverCpu + ", clients on CPU " + options.clientCpu
                + "). Medians across rounds; ratios are memjcache / memcached, their range is over the paired rounds."
                + " Goals are issue 10's targets.\n\n"
                + MarkdownSummary.render(summary, ServerLoadHarness::goal, skipped);
        Files.writeString(out.resolve("server-summary.md"), markdown, StandardCharsets.UTF_8);
        chart(
                out.resolve("server.png"),
                rows,
                LoadPart.PART,
                "load",
                List.of(Metrics.OPS_PER_SEC, Metrics.P50_MS, Metrics.P99_MS, Metrics.P999_MS));
        chart(
                out.resolve("server-memory.png"),
                rows,
                MemoryPart.PART,
                "memory",
                List.of(Metrics.RSS_MB, Metrics.PEAK_RSS_MB));
        chart(
                out.resolve("server-connect.png"),
                rows,
                ConnectPart.PART,
                "connect",
                List.of(Metrics.P50_MS, Metrics.P90_MS, Metrics.P99_MS, Metrics.MAX_MS));
        chart(
                out.resolve("server-startup.png"),
                rows,
                StartupPart.PART,
                "startup",
                List.of(StartupProbe.FIRST_USE_MS, StartupPart.WALL_MS));
        System.out.println(markdown);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static void chart(Path file, List<ResultRow> rows, String part, String title, List<String> metrics)
            throws IOException {
        List<ResultRow> ofPart =
                rows.stream().filter(row -> row.part().equals(part)).toList();
        Files.deleteIfExists(file);
        ChartReport.writePng(file, Summary.of(ofPart, ServerProcess.MEMCACHED), title, metrics);
    }

    /** @return issue 10's target for the line, or null where it sets none */
    static @Nullable Goal goal(Summary.Line line) {
        String metric = line.metric();
        return switch (line.part()) {
            case LoadPart.PART -> {
                if (line.caseName().equals(LoadPart.CHURN)) {
                    yield metric.equals(Metrics.P999_MS) ? Goal.ratioAtMost(1.5) : null;
                }
                yield metric.equals(Metrics.OPS_PER_SEC)
                        ? Goal.ratioAtLeast(1.0)
                        : metric.equals(Metrics.P99_MS) ? Goal.ratioAtMost(1.2) : null;
            }
            case MemoryPart.PART ->
                !line.caseName().equals(MemoryPart.CHURN_PEAK) && metric.equals(Metrics.RSS_MB)
                        ? Goal.ratioAtMost(1.3)
                        : null;
            case ConnectPart.PART ->
                line.caseName().equals(ConnectProbe.FIRST_REPLY)
                                && (metric.equals(Metrics.P50_MS) || metric.equals(Metrics.P99_MS))
                        ? Goal.ratioAtMost(1.5)
                        : null;
            case StartupPart.PART -> metric.equals(StartupProbe.FIRST_USE_MS) ? Goal.medianBelow(300, "ms") : null;
            default -> null;
        };
    }
}
