package io.memjcache.benchmarks.report;

/**
 * The metric names the harnesses use, so that rows of different harnesses line up in one table. Any other name is
 * allowed too. Names are lower case with underscores (CSV headers and JSON field names).
 */
public final class Metrics {

    /** Operations per second, all connections or threads together. */
    public static final String OPS_PER_SEC = "ops_per_sec";
    /** Median latency, milliseconds. */
    public static final String P50_MS = "p50_ms";
    /** 90th percentile latency, milliseconds. */
    public static final String P90_MS = "p90_ms";
    /** 99th percentile latency, milliseconds. */
    public static final String P99_MS = "p99_ms";
    /** 99.9th percentile latency, milliseconds. */
    public static final String P999_MS = "p999_ms";
    /** Largest latency seen, milliseconds. */
    public static final String MAX_MS = "max_ms";
    /** Resident set size (VmRSS), MiB. */
    public static final String RSS_MB = "rss_mb";
    /** Peak resident set size (VmHWM, or the largest sample), MiB. */
    public static final String PEAK_RSS_MB = "peak_rss_mb";

    private Metrics() {}
}
