package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.Metrics;
import io.memjcache.benchmarks.report.ResultRow;
import io.memjcache.benchmarks.report.Skip;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memtier cases: for each, both servers started fresh, keys loaded into both, one warm-up phase each, then
 * rounds alternating memcached and memjcache. During churn each server's RSS is sampled every 100 ms; the peak is
 * reported as a {@code memory} row. Not thread-safe.
 *
 * @param options the harness options
 * @param children where started processes are tracked
 * @param rows where measured rounds are added
 * @param skipped where cases not run are added
 */
record LoadPart(HarnessOptions options, ChildProcesses children, List<ResultRow> rows, List<Skip> skipped) {

    static final String PART = "load";
    static final String CHURN = "churn";

    private static final int CHURN_VALUE_BYTES = 1000;
    /** Churn's key space holds this many times the cache's -m in value bytes alone, so most sets evict. */
    private static final int CHURN_OVERCOMMIT = 4;

    /** @return the cases, in the order they run: name, -m, workload */
    static Map<String, Map.Entry<Integer, Memtier.Workload>> cases(HarnessOptions options) {
        Map<String, Map.Entry<Integer, Memtier.Workload>> cases = new LinkedHashMap<>();
        for (int valueBytes : new int[] {100, 4096}) {
            for (int pipeline : new int[] {1, 16}) {
                String name = (valueBytes == 100 ? "100B" : "4KB") + "-p" + pipeline;
                cases.put(name, Map.entry(1024, new Memtier.Workload(valueBytes, options.keys, "1:9", pipeline)));
            }
        }
        int churnKeys = (int) ((long) options.churnMemoryMb * 1024 * 1024 * CHURN_OVERCOMMIT / CHURN_VALUE_BYTES);
        cases.put(
                CHURN, Map.entry(options.churnMemoryMb, new Memtier.Workload(CHURN_VALUE_BYTES, churnKeys, "1:1", 1)));
        return cases;
    }

    void run() throws IOException {
        if (options.memtier == null) {
            String reason = "memtier_benchmark not found (set MEMTIER_BENCHMARK or put it on PATH)";
            for (String name : cases(options).keySet()) {
                skip(PART, name, reason);
            }
            skip(MemoryPart.PART, MemoryPart.CHURN_PEAK, reason);
            return;
        }
        Memtier memtier = new Memtier(options.memtier, options, children);
        for (Map.Entry<String, Map.Entry<Integer, Memtier.Workload>> entry :
                cases(options).entrySet()) {
            runCase(
                    memtier,
                    entry.getKey(),
                    entry.getValue().getKey(),
                    entry.getValue().getValue());
        }
    }

    private void runCase(Memtier memtier, String name, int memoryMb, Memtier.Workload workload) throws IOException {
        System.out.printf("load %s: -m %d, %s%n", name, memoryMb, workload);
        try (ServerProcess memcached = ServerProcess.start(children, options, ServerProcess.MEMCACHED, memoryMb);
                ServerProcess memjcache = ServerProcess.start(children, options, ServerProcess.MEMJCACHE, memoryMb);
                PeakSampler peaks = new PeakSampler(List.of(memcached, memjcache))) {
            List<ServerProcess> servers = List.of(memcached, memjcache);
            for (ServerProcess server : servers) {
                memtier.preload(server, workload);
                if (options.warmupSeconds > 0) {
                    memtier.measure(server, workload, options.warmupSeconds);
                }
            }
            for (int round = 1; round <= options.rounds; round++) {
                for (ServerProcess server : servers) {
                    Map<String, Double> metrics = memtier.measure(server, workload, options.phaseSeconds);
                    ResultRow row = new ResultRow(PART, name, server.target(), round, metrics);
                    System.out.printf("  round %d %-9s %s%n", round, server.target(), metrics);
                    rows.add(row);
                }
            }
            if (name.equals(CHURN)) {
                for (int i = 0; i < servers.size(); i++) {
                    double peakMb = peaks.peakKb(i) / 1024.0;
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put(Metrics.PEAK_RSS_MB, peakMb);
                    metrics.put(MemoryPart.OVER_LIMIT_MB, peakMb - memoryMb);
                    rows.add(new ResultRow(
                            MemoryPart.PART,
                            MemoryPart.CHURN_PEAK,
                            servers.get(i).target(),
                            1,
                            metrics));
                }
            }
        }
    }

    private void skip(String part, String name, String reason) {
        Skip skip = new Skip(part, name, reason);
        System.out.printf("skipped %s/%s: %s%n", part, name, reason);
        skipped.add(skip);
    }

    /** Samples each server's RSS every 100 ms on a thread of its own and keeps the largest. Thread-safe. */
    private static final class PeakSampler implements AutoCloseable {
        private final List<ServerProcess> servers;
        private final List<AtomicLong> peaks;
        private final ScheduledFuture<?> sampling;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rss-sampler");
            thread.setDaemon(true);
            return thread;
        });

        PeakSampler(List<ServerProcess> servers) {
            this.servers = servers;
            this.peaks = servers.stream().map(s -> new AtomicLong()).toList();
            sampling = sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            for (int i = 0; i < servers.size(); i++) {
                try {
                    peaks.get(i).accumulateAndGet(servers.get(i).rssKb(), Math::max);
                } catch (IOException e) {
                    // the server is stopping; the peak so far stands
                }
            }
        }

        long peakKb(int server) {
            sample();
            return peaks.get(server).get();
        }

        @Override
        public void close() {
            sampling.cancel(false);
            sampler.shutdownNow();
        }
    }
}
