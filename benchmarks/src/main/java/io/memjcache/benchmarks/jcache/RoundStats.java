package io.memjcache.benchmarks.jcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Medians and spreads across rounds: of one target's metric, and of a ratio between two targets taken within each
 * round (the targets of a round ran back to back, so a per-round ratio cancels part of the machine's drift).
 * Immutable; safe to share.
 */
final class RoundStats {

    /** A median and the smallest and largest value it was taken from. */
    record Spread(double median, double min, double max, int count) {

        static @Nullable Spread of(List<Double> values) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
        }
    }

    private final List<RunOutput> runs;

    RoundStats(List<RunOutput> runs) {
        this.runs = List.copyOf(runs);
    }

    List<RunOutput> runs() {
        return runs;
    }

    List<Double> values(Target target, String workload, String metric) {
        List<Double> values = new ArrayList<>();
        for (RunOutput run : runs) {
            Double value = run.target() == target ? run.metric(workload, metric) : null;
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    @Nullable
    Spread spread(Target target, String workload, String metric) {
        return Spread.of(values(target, workload, metric));
    }

    /** {@code a}'s metric over {@code b}'s, per round in which both produced it. */
    @Nullable
    Spread ratio(Target a, Target b, String workload, String metric) {
        Map<Integer, Double> ofB = new TreeMap<>();
        for (RunOutput run : runs) {
            Double y = run.target() == b ? run.metric(workload, metric) : null;
            if (y != null && y != 0) {
                ofB.put(run.round(), y);
            }
        }
        List<Double> ratios = new ArrayList<>();
        for (RunOutput run : runs) {
            Double x = run.target() == a ? run.metric(workload, metric) : null;
            Double y = ofB.get(run.round());
            if (x != null && y != null) {
                ratios.add(x / y);
            }
        }
        return Spread.of(ratios);
    }

    /** The ratio of one target's two metrics (e.g. getAll keys/s over single-get keys/s), per round. */
    @Nullable
    Spread ratio(Target target, String workloadA, String workloadB, String metric) {
        List<Double> ratios = new ArrayList<>();
        for (RunOutput run : runs) {
            Double x = run.target() == target ? run.metric(workloadA, metric) : null;
            Double y = run.target() == target ? run.metric(workloadB, metric) : null;
            if (x != null && y != null && y != 0) {
                ratios.add(x / y);
            }
        }
        return Spread.of(ratios);
    }

    /** Among {@code candidates}, the one with the highest median of the metric, or null if none produced it. */
    @Nullable
    Target fastest(List<Target> candidates, String workload, String metric) {
        Target best = null;
        double bestMedian = Double.NEGATIVE_INFINITY;
        for (Target candidate : candidates) {
            Spread spread = spread(candidate, workload, metric);
            if (spread != null && spread.median() > bestMedian) {
                best = candidate;
                bestMedian = spread.median();
            }
        }
        return best;
    }

    /** The sum of a metric over all rounds (e.g. lost updates), or empty if the target never produced it. */
    OptionalDouble sum(Target target, String workload, String metric) {
        List<Double> values = values(target, workload, metric);
        return values.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(
                        values.stream().mapToDouble(Double::doubleValue).sum());
    }
}
