package io.memjcache.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Rows condensed per part, case, metric and target: the median across rounds and its range, and, for every target
 * other than the reference, the ratio of its median to the reference's median with the range of the per-round
 * ratios (round {@code n} of the target over round {@code n} of the reference, as the harnesses alternate them).
 *
 * <p>Immutable; thread-safe. Lines keep the order in which their part, case, metric and target first appear.
 */
public final class Summary {

    /**
     * One part, case, metric and target.
     *
     * @param part the harness part
     * @param caseName the workload
     * @param metric the metric name
     * @param target the system measured
     * @param rounds how many rounds have the metric
     * @param median the median across rounds
     * @param min the smallest round's value
     * @param max the largest round's value
     * @param referenceMedian the reference target's median, or null for the reference itself or when it lacks one
     * @param ratio {@code median / referenceMedian}, or null when there is no reference median (or it is 0)
     * @param ratioMin the smallest per-round ratio, or null as for {@code ratio}
     * @param ratioMax the largest per-round ratio, or null as for {@code ratio}
     */
    public record Line(
            String part,
            String caseName,
            String metric,
            String target,
            int rounds,
            double median,
            double min,
            double max,
            @Nullable Double referenceMedian,
            @Nullable Double ratio,
            @Nullable Double ratioMin,
            @Nullable Double ratioMax) {}

    private final String reference;
    private final List<Line> lines;

    private Summary(String reference, List<Line> lines) {
        this.reference = reference;
        this.lines = Collections.unmodifiableList(lines);
    }

    /**
     * @param rows the measured rounds
     * @param reference the target the others are compared with (e.g. {@code "memcached"})
     */
    public static Summary of(List<ResultRow> rows, String reference) {
        Objects.requireNonNull(reference, "reference");
        // part/case/metric -> target -> round -> value, each level in first-seen order
        Map<List<String>, Map<String, Map<Integer, Double>>> grouped = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            row.metrics().forEach((metric, value) -> grouped.computeIfAbsent(
                            List.of(row.part(), row.caseName(), metric), k -> new LinkedHashMap<>())
                    .computeIfAbsent(row.target(), k -> new LinkedHashMap<>())
                    .put(row.round(), value));
        }
        List<Line> lines = new ArrayList<>();
        grouped.forEach((key, byTarget) -> {
            Map<Integer, Double> referenceRounds = byTarget.get(reference);
            Double referenceMedian = referenceRounds == null ? null : median(referenceRounds.values());
            byTarget.forEach((target, byRound) -> {
                List<Double> values = new ArrayList<>(byRound.values());
                Double ratio = null;
                Double ratioMin = null;
                Double ratioMax = null;
                if (!target.equals(reference)
                        && referenceRounds != null
                        && referenceMedian != null
                        && referenceMedian != 0) {
                    ratio = median(values) / referenceMedian;
                    for (Map.Entry<Integer, Double> round : byRound.entrySet()) {
                        Double paired = referenceRounds.get(round.getKey());
                        if (paired != null && paired != 0) {
                            double r = round.getValue() / paired;
                            ratioMin = ratioMin == null ? r : Math.min(ratioMin, r);
                            ratioMax = ratioMax == null ? r : Math.max(ratioMax, r);
                        }
                    }
                }
                lines.add(new Line(
                        key.get(0),
                        key.get(1),
                        key.get(2),
                        target,
                        values.size(),
                        median(values),
                        Collections.min(values),
                        Collections.max(values),
                        target.equals(reference) ? null : referenceMedian,
                        ratio,
                        ratioMin,
                        ratioMax));
            });
        });
        return new Summary(reference, lines);
    }

    /** @return the target the others are compared with */
    public String reference() {
        return reference;
    }

    /** @return every line, in first-seen order */
    public List<Line> lines() {
        return lines;
    }

    /** @return the line of that part, case, metric and target, or null if there is none */
    public @Nullable Line line(String part, String caseName, String metric, String target) {
        for (Line line : lines) {
            if (line.part().equals(part)
                    && line.caseName().equals(caseName)
                    && line.metric().equals(metric)
                    && line.target().equals(target)) {
                return line;
            }
        }
        return null;
    }

    /** @return the median; the mean of the two middle values for an even count */
    static double median(java.util.Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
