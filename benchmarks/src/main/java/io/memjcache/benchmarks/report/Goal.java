package io.memjcache.benchmarks.report;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A target a summary line is held to, such as "ratio at least 1.0x" or "median under 300 ms", shown next to the
 * line with whether it was met. Immutable; thread-safe if the predicate is.
 *
 * @param description how the goal reads in the table, e.g. {@code ">= 1.0x"}
 * @param met whether a line meets it
 */
public record Goal(String description, Predicate<Summary.Line> met) {

    /** Checks that no component is null. */
    public Goal {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(met, "met");
    }

    /** @return a goal met when the line's ratio to the reference is at least {@code minimum} */
    public static Goal ratioAtLeast(double minimum) {
        return new Goal(">= " + minimum + "x", line -> line.ratio() != null && line.ratio() >= minimum);
    }

    /** @return a goal met when the line's ratio to the reference is at most {@code maximum} */
    public static Goal ratioAtMost(double maximum) {
        return new Goal("<= " + maximum + "x", line -> line.ratio() != null && line.ratio() <= maximum);
    }

    /** @return a goal met when the line's median is below {@code limit}, in the metric's unit */
    public static Goal medianBelow(double limit, String unit) {
        return new Goal("< " + CsvReport.plain(limit) + " " + unit, line -> line.median() < limit);
    }
}
