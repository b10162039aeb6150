package io.memjcache.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Summary} as a Markdown table: one line per part, case, metric and target other than the reference, with
 * the reference's median next to it, the ratio and its range across rounds, and, when goals are given, the goal and
 * whether it was met. A metric measured only on other targets (no reference) shows its own median and range. Skipped
 * cases follow the table with their reasons. Stateless; thread-safe.
 */
public final class MarkdownSummary {

    private MarkdownSummary() {}

    /**
     * @param summary the summary
     * @param goals the goal of each line, null for none; {@code line -> null} for a table without goals
     * @param skipped cases not run, listed after the table
     */
    public static String render(Summary summary, Function<Summary.Line, @Nullable Goal> goals, List<Skip> skipped) {
        List<Summary.Line> shown = new ArrayList<>();
        boolean anyGoal = false;
        for (Summary.Line line : summary.lines()) {
            boolean onlyTarget = summary.lines().stream()
                    .noneMatch(other -> other.target().equals(summary.reference())
                            && other.part().equals(line.part())
                            && other.caseName().equals(line.caseName())
                            && other.metric().equals(line.metric()));
            if (!line.target().equals(summary.reference()) || onlyTarget) {
                shown.add(line);
                anyGoal |= goals.apply(line) != null;
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of(
                "Part",
                "Case",
                "Metric",
                summary.reference() + " (median)",
                "Target",
                "Median",
                "Range",
                "Ratio",
                "Ratio range",
                "Rounds"));
        if (anyGoal) {
            header.addAll(List.of("Goal", "Met"));
        }
        row(out, header);
        row(out, header.stream().map(h -> "---").toList());
        for (Summary.Line line : shown) {
            List<String> cells = new ArrayList<>(List.of(
                    line.part(),
                    line.caseName(),
                    line.metric(),
                    line.referenceMedian() == null ? "-" : number(line.referenceMedian()),
                    line.target(),
                    number(line.median()),
                    number(line.min()) + " - " + number(line.max()),
                    line.ratio() == null ? "-" : ratio(line.ratio()),
                    line.ratioMin() == null || line.ratioMax() == null
                            ? "-"
                            : ratio(line.ratioMin()) + " - " + ratio(line.ratioMax()),
                    Integer.toString(line.rounds())));
            if (anyGoal) {
                Goal goal = goals.apply(line);
                cells.add(goal == null ? "" : goal.description());
                cells.add(goal == null ? "" : goal.met().test(line) ? "met" : "**missed**");
            }
            row(out, cells);
        }
        if (!skipped.isEmpty()) {
            out.append("\nSkipped:\n\n");
            for (Skip skip : skipped) {
                out.append("- ")
                        .append(skip.part())
                        .append(" / ")
                        .append(skip.caseName())
                        .append(": ")
                        .append(skip.reason())
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** @return the value with about three significant digits, thousands grouped */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }
}
