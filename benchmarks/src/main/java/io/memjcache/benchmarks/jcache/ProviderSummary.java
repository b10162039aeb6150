package io.memjcache.benchmarks.jcache;

import static io.memjcache.benchmarks.jcache.Workloads.GET_ALL;
import static io.memjcache.benchmarks.jcache.Workloads.GET_PUT_1;
import static io.memjcache.benchmarks.jcache.Workloads.GET_PUT_16;
import static io.memjcache.benchmarks.jcache.Workloads.INVOKE;
import static io.memjcache.benchmarks.jcache.Workloads.KEYS_PER_S;
import static io.memjcache.benchmarks.jcache.Workloads.LOST;
import static io.memjcache.benchmarks.jcache.Workloads.OPS;
import static io.memjcache.benchmarks.jcache.Workloads.P50;
import static io.memjcache.benchmarks.jcache.Workloads.P99;
import static io.memjcache.benchmarks.jcache.Workloads.P999;
import static io.memjcache.benchmarks.jcache.Workloads.SINGLE_GETS;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The Markdown summary of a harness run: medians (with the spread across rounds) per target, then the issue's
 * ratios next to their targets, each marked met or missed. Ratios are taken within each round and their median
 * reported. Stateless apart from its input; not thread-safe.
 */
final class ProviderSummary {

    private static final Target OURS = Target.MEMJCACHE_MEMCACHED;
    private static final List<Target> RAW =
            List.of(Target.SPYMEMCACHED, Target.XMEMCACHED, Target.FOLSOM, Target.WHALIN);

    private final RoundStats stats;
    private final StringBuilder md = new StringBuilder();

    private ProviderSummary(RoundStats stats) {
        this.stats = stats;
    }

    /** The summary; {@code header} (the command, the machine) goes first, as given. */
    static String render(RoundStats stats, List<Target> targets, String header) {
        ProviderSummary summary = new ProviderSummary(stats);
        summary.md.append("# Provider versus peers\n\n").append(header).append('\n');
        summary.tables(targets);
        summary.ratios();
        summary.failures();
        return summary.md.toString();
    }

    private void tables(List<Target> targets) {
        md.append("\n## Get/put, 90/10, 10k keys, 100-character values\n\n")
                .append("Medians over rounds, throughput with its range; latencies in microseconds.\n\n")
                .append("| target | 1 thread ops/s | p50 | p99 | p99.9 | 16 threads ops/s | p50 | p99 | p99.9 |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Target target : targets) {
            md.append("| ").append(target.id());
            for (String workload : List.of(GET_PUT_1, GET_PUT_16)) {
                md.append(" | ").append(withRange(stats.spread(target, workload, OPS)));
                for (String latency : List.of(P50, P99, P999)) {
                    md.append(" | ").append(median(stats.spread(target, workload, latency)));
                }
            }
            md.append(" |\n");
        }
        List<Target> caches = targets.stream().filter(Target::jcache).toList();
        md.append("\n## getAll(100) against 100 single gets, 1 thread\n\n")
                .append("| target | getAll keys/s | single gets keys/s | speed-up per key |\n|---|---|---|---|\n");
        for (Target target : caches) {
            md.append("| ")
                    .append(target.id())
                    .append(" | ")
                    .append(withRange(stats.spread(target, GET_ALL, KEYS_PER_S)))
                    .append(" | ")
                    .append(withRange(stats.spread(target, SINGLE_GETS, KEYS_PER_S)))
                    .append(" | ")
                    .append(withRange(stats.ratio(target, GET_ALL, SINGLE_GETS, KEYS_PER_S)))
                    .append(" |\n");
        }
        md.append("\n## invoke: counters on 100 hot keys, 16 threads\n\n")
                .append("Lost updates: increments that returned normally minus the counters' final sum, per round.\n\n")
                .append("| target | ops/s | p99 | lost updates per round |\n|---|---|---|---|\n");
        for (Target target : caches) {
            md.append("| ")
                    .append(target.id())
                    .append(" | ")
                    .append(withRange(stats.spread(target, INVOKE, OPS)))
                    .append(" | ")
                    .append(median(stats.spread(target, INVOKE, P99)))
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            stats.values(target, INVOKE, LOST).stream()
                                    .map(ProviderSummary::number)
                                    .toList()))
                    .append(" |\n");
        }
    }

    private void ratios() {
        md.append("\n## Ratios against the issue's targets\n\n")
                .append("Each ratio is taken within a round; median (range over rounds).\n\n")
                .append("| ratio | measured | target | |\n|---|---|---|---|\n");
        ratio(
                "memjcache-memcached / redisson-redis, get/put 16 threads",
                stats.ratio(OURS, Target.REDISSON, GET_PUT_16, OPS),
                4.0,
                "at least 4x");
        ratio(
                "memjcache-memcached / hazelcast-client, get/put 1 thread",
                stats.ratio(OURS, Target.HAZELCAST, GET_PUT_1, OPS),
                1.0,
                "ahead (above 1x)");
        ratio(
                "memjcache-memcached / hazelcast-client, get/put 16 threads",
                stats.ratio(OURS, Target.HAZELCAST, GET_PUT_16, OPS),
                1.0,
                "ahead (above 1x)");
        ratio(
                "memjcache-memcached getAll(100) per-key speed-up over single gets",
                stats.ratio(OURS, GET_ALL, SINGLE_GETS, KEYS_PER_S),
                15.0,
                "at least 15x");
        ratio(
                "memjcache-memcached / hazelcast-client, invoke 16 threads",
                stats.ratio(OURS, Target.HAZELCAST, INVOKE, OPS),
                1.0,
                "at least 1x");
        for (String workload : List.of(GET_PUT_1, GET_PUT_16)) {
            Target fastest = stats.fastest(RAW, workload, OPS);
            String threads = workload.equals(GET_PUT_1) ? "1 thread" : "16 threads";
            if (fastest == null) {
                md.append("| memjcache-memcached / fastest raw client, get/put ")
                        .append(threads)
                        .append(" | no raw client produced numbers | at least 1x | not measured |\n");
            } else {
                ratio(
                        "memjcache-memcached / " + fastest.id() + " (fastest raw client), get/put " + threads,
                        stats.ratio(OURS, fastest, workload, OPS),
                        1.0,
                        "at least 1x");
            }
        }
        OptionalDouble lost = stats.sum(OURS, INVOKE, LOST);
        md.append("| memjcache-memcached lost invoke updates, all rounds | ")
                .append(lost.isPresent() ? number(lost.getAsDouble()) : "not measured")
                .append(" | none | ")
                .append(lost.isPresent() ? (lost.getAsDouble() == 0 ? "met" : "**missed**") : "not measured")
                .append(" |\n");
    }

    private void ratio(String what, RoundStats.@Nullable Spread spread, double target, String wanted) {
        md.append("| ").append(what).append(" | ");
        if (spread == null) {
            md.append("not measured | ").append(wanted).append(" | not measured |\n");
            return;
        }
        boolean strictlyAhead = wanted.startsWith("ahead");
        boolean met = strictlyAhead ? spread.median() > target : spread.median() >= target;
        md.append(String.format(Locale.ROOT, "%.2fx (%.2f to %.2f)", spread.median(), spread.min(), spread.max()))
                .append(" | ")
                .append(wanted)
                .append(" | ")
                .append(met ? "met" : "**missed**")
                .append(" |\n");
    }

    private void failures() {
        List<RunOutput> failed =
                stats.runs().stream().filter(run -> run.error() != null).toList();
        if (failed.isEmpty()) {
            return;
        }
        md.append("\n## Runs without numbers\n\n");
        for (RunOutput run : failed) {
            String error = String.valueOf(run.error());
            int newline = error.indexOf('\n');
            md.append("- round ")
                    .append(run.round())
                    .append(", ")
                    .append(run.target().id())
                    .append(": ")
                    .append(newline < 0 ? error : error.substring(0, newline) + " (see its log)")
                    .append('\n');
        }
    }

    private static String withRange(RoundStats.@Nullable Spread spread) {
        if (spread == null) {
            return "-";
        }
        if (spread.count() == 1) {
            return number(spread.median());
        }
        return number(spread.median()) + " (" + number(spread.min()) + " to " + number(spread.max()) + ")";
    }

    private static String median(RoundStats.@Nullable Spread spread) {
        return spread == null ? "-" : number(spread.median());
    }

    private static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
