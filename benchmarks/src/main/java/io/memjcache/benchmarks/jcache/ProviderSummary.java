package io.memjcache.benchmarks.jcache;

import static io.memjcache.benchmarks.jcache.Workloads.GET_ALL;
import static io.memjcache.benchmarks.jcache.Workloads.GET_PUT_1;
import static io.memjcache.benchmarks.jcache.Workloads.GET_PUT_16;
import static io.memjcache.benchmarks.jcache.Workloads.INVOKE;
import static io.memjcache.benchmarks.jcache.Workloads.LOST;
import static io.memjcache.benchmarks.jcache.Workloads.OPS;
import static io.memjcache.benchmarks.jcache.Workloads.SPEED_UP;

import io.memjcache.benchmarks.report.MarkdownSummary;
import io.memjcache.benchmarks.report.ResultRow;
import io.memjcache.benchmarks.report.Skip;
import io.memjcache.benchmarks.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The Markdown summary of a harness run: first the comparisons of memjcache on memcached with its peers,
 * each next to its target and marked met or missed; then the report package's table of every target's medians
 * (with their range over rounds) and their ratio to memjcache on memcached; then the runs that produced nothing.
 * Ratios are of medians, with the range of the per-round ratios (the targets of a round ran back to back).
 * Stateless apart from its input; not thread-safe.
 */
final class ProviderSummary {

    static final Target OURS = Target.MEMJCACHE_MEMCACHED;
    private static final List<Target> RAW =
            List.of(Target.SPYMEMCACHED, Target.XMEMCACHED, Target.FOLSOM, Target.WHALIN);

    private final List<ResultRow> rows;
    private final Summary byOurs;
    private final StringBuilder md = new StringBuilder();

    private ProviderSummary(List<ResultRow> rows) {
        this.rows = rows;
        this.byOurs = Summary.of(rows, OURS.id());
    }

    /** The summary; {@code header} (the command, the machine) goes first, as given. */
    static String render(List<RunOutput> runs, String header) {
        ProviderSummary summary = new ProviderSummary(ProviderOutput.rows(runs));
        summary.md.append("# Provider versus peers\n\n").append(header).append('\n');
        summary.targets();
        List<Skip> skipped = new ArrayList<>();
        for (RunOutput run : runs) {
            String error = run.error();
            if (error != null) {
                int newline = error.indexOf('\n');
                skipped.add(new Skip(
                        RunOutput.PART,
                        "round " + run.round() + " " + run.target().id(),
                        newline < 0 ? error : error.substring(0, newline) + " (more in its log)"));
            }
        }
        summary.md
                .append("\n## Every target: medians over rounds, and their ratio to ")
                .append(OURS.id())
                .append("\n\nCases: `getput-1t`/`getput-16t` 90/10 get/put on 1/16 threads; `getall-100` and ")
                .append("`single-gets-100` one thread fetching 100 random keys at once or one by one; `invoke-16t` ")
                .append("16 threads incrementing counters on 100 hot keys (`lost_updates`: increments that returned ")
                .append(
                        "normally minus the counters' final sum). `failed`: calls that threw, shown only where there were any. ")
                .append("Latencies in milliseconds.\n\n")
                .append(MarkdownSummary.render(summary.byOurs, line -> null, skipped));
        return summary.md.toString();
    }

    private void targets() {
        md.append("\n## Against the issue's targets\n\n")
                .append("| comparison | measured: ratio of medians (per-round range) | target | |\n")
                .append("|---|---|---|---|\n");
        versus(Target.REDISSON, GET_PUT_16, "get/put 16 threads", 4.0, false);
        versus(Target.HAZELCAST, GET_PUT_1, "get/put 1 thread", 1.0, true);
        versus(Target.HAZELCAST, GET_PUT_16, "get/put 16 threads", 1.0, true);
        Summary.Line speedUp = byOurs.line(RunOutput.PART, GET_ALL, SPEED_UP, OURS.id());
        md.append("| ").append(OURS.id()).append(" getAll(100) per-key speed-up over 100 single gets | ");
        if (speedUp == null) {
            md.append("not measured | at least 15x | not measured |\n");
        } else {
            md.append(range(speedUp.median(), speedUp.min(), speedUp.max()))
                    .append(" | at least 15x | ")
                    .append(verdict(speedUp.median() >= 15))
                    .append(" |\n");
        }
        versus(Target.HAZELCAST, INVOKE, "invoke 16 threads", 1.0, false);
        for (String workload : List.of(GET_PUT_1, GET_PUT_16)) {
            Target fastest = fastestRaw(workload);
            String threads = workload.equals(GET_PUT_1) ? "get/put 1 thread" : "get/put 16 threads";
            if (fastest == null) {
                md.append("| ")
                        .append(OURS.id())
                        .append(" / fastest raw client, ")
                        .append(threads)
                        .append(" | no raw client produced numbers | at least 1x | not measured |\n");
            } else {
                versus(fastest, workload, threads + " (" + fastest.id() + " was the fastest raw client)", 1.0, false);
            }
        }
        Summary.Line lost = byOurs.line(RunOutput.PART, INVOKE, LOST, OURS.id());
        md.append("| ").append(OURS.id()).append(" lost invoke updates, any round | ");
        if (lost == null) {
            md.append("not measured | none | not measured |\n");
        } else {
            md.append(String.format(Locale.ROOT, "%.0f at most", lost.max()))
                    .append(" | none | ")
                    .append(verdict(lost.max() == 0))
                    .append(" |\n");
        }
    }

    /** memjcache on memcached's median over {@code peer}'s, against {@code target} (strictly above if ahead). */
    private void versus(Target peer, String workload, String what, double target, boolean ahead) {
        Summary.Line line = Summary.of(rows, peer.id()).line(RunOutput.PART, workload, OPS, OURS.id());
        String wanted = ahead ? "ahead (above 1x)" : String.format(Locale.ROOT, "at least %.0fx", target);
        md.append("| ")
                .append(OURS.id())
                .append(" / ")
                .append(peer.id())
                .append(", ")
                .append(what)
                .append(" | ");
        Double ratio = line == null ? null : line.ratio();
        if (line == null || ratio == null) {
            md.append("not measured | ").append(wanted).append(" | not measured |\n");
            return;
        }
        Double min = line.ratioMin();
        Double max = line.ratioMax();
        md.append(range(ratio, min == null ? ratio : min, max == null ? ratio : max))
                .append(" | ")
                .append(wanted)
                .append(" | ")
                .append(verdict(ahead ? ratio > target : ratio >= target))
                .append(" |\n");
    }

    private @Nullable Target fastestRaw(String workload) {
        Target fastest = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Target raw : RAW) {
            Summary.Line line = byOurs.line(RunOutput.PART, workload, OPS, raw.id());
            if (line != null && line.median() > best) {
                best = line.median();
                fastest = raw;
            }
        }
        return fastest;
    }

    private static String range(double median, double min, double max) {
        return String.format(Locale.ROOT, "%.2fx (%.2f to %.2f)", median, min, max);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
