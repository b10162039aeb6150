package io.memjcache.benchmarks.jcache;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a target's child JVM writes what it measured: one line per number, {@code RESULT <workload> <metric>
 * <value>}, on its standard output, which the harness reads back ({@link RunOutput}). Other output (the peers'
 * logging) may interleave; only lines with this prefix count. Thread-safe as far as {@link PrintStream} is.
 */
final class Results {

    static final String PREFIX = "RESULT ";

    private final PrintStream out;

    Results(PrintStream out) {
        this.out = out;
    }

    void metric(String workload, String metric, double value) {
        out.println(PREFIX + workload + " " + metric + " " + String.format(Locale.ROOT, "%.6f", value));
        out.flush();
    }

    /** Throughput and latency percentiles of a phase, and its failures if there were any. */
    void latencies(String workload, LoadDriver.Phase phase) {
        metric(workload, Workloads.OPS, phase.callsPerSecond());
        metric(workload, Workloads.P50, phase.millis(50));
        metric(workload, Workloads.P99, phase.millis(99));
        metric(workload, Workloads.P999, phase.millis(99.9));
        failures(workload, phase);
    }

    /** The calls of a phase that threw, if any did (a column of zeros would only hide the numbers that matter). */
    void failures(String workload, LoadDriver.Phase phase) {
        Exception failure = phase.firstFailure();
        if (failure != null) {
            metric(workload, Workloads.FAILED, (double) phase.failures());
            System.err.println(workload + ": " + phase.failures() + " calls failed, the first with:");
            failure.printStackTrace();
        }
    }
}
