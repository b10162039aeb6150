package io.memjcache.benchmarks.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One measured round: which part of which harness ({@code part}, e.g. {@code "load"}), which workload
 * ({@code caseName}, e.g. {@code "100B-p1"}), which system ({@code target}, e.g. {@code "memcached"}), which round
 * (1-based), and its named metrics (see {@link Metrics}), in the order given.
 *
 * <p>Immutable; no nulls; metric values are finite.
 *
 * @param part the harness part
 * @param caseName the workload
 * @param target the system measured
 * @param round the round, from 1
 * @param metrics metric name to value, in insertion order
 */
public record ResultRow(String part, String caseName, String target, int round, Map<String, Double> metrics) {

    /** Metric names become CSV headers and JSON fields, so they are kept plain. */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The CSV and JSON names of the fixed columns, which no metric may take. */
    static final String PART = "part";

    static final String CASE = "case";
    static final String TARGET = "target";
    static final String ROUND = "round";

    /** Validates and copies the metrics. */
    public ResultRow {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(target, "target");
        if (round < 1) {
            throw new IllegalArgumentException("round must be at least 1: " + round);
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (!METRIC_NAME.matcher(name).matches() || isFixedColumn(name)) {
                throw new IllegalArgumentException("metric name must match " + METRIC_NAME + ": " + name);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metric " + name + " is not finite: " + value);
            }
            copy.put(name, value);
        });
        metrics = Collections.unmodifiableMap(copy);
    }

    /** @return a row with one more metric, after the existing ones */
    public ResultRow with(String metric, double value) {
        Map<String, Double> more = new LinkedHashMap<>(metrics);
        more.put(metric, value);
        return new ResultRow(part, caseName, target, round, more);
    }

    static boolean isFixedColumn(String name) {
        return name.equals(PART) || name.equals(CASE) || name.equals(TARGET) || name.equals(ROUND);
    }
}
