package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.ResultRow;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connection setup: both servers started fresh once (same flags, {@code -m 1024}), then rounds alternating
 * memcached and memjcache, each round a {@link ConnectProbe} in a child JVM pinned to the client CPU. Not
 * thread-safe.
 *
 * @param options the harness options
 * @param children where started processes are tracked
 * @param rows where measured rounds are added
 */
record ConnectPart(HarnessOptions options, ChildProcesses children, List<ResultRow> rows) {

    static final String PART = "connect";

    void run() throws IOException {
        try (ServerProcess memcached = ServerProcess.start(children, options, ServerProcess.MEMCACHED, 1024);
                ServerProcess memjcache = ServerProcess.start(children, options, ServerProcess.MEMJCACHE, 1024)) {
            for (int round = 1; round <= options.rounds; round++) {
                for (ServerProcess server : List.of(memcached, memjcache)) {
                    ChildJvm.Output output = ChildJvm.run(
                            children,
                            options.clientCpu,
                            ConnectProbe.class,
                            List.of(Integer.toString(server.port()), Integer.toString(options.connectSamples)),
                            600);
                    for (String line : output.lines()) {
                        if (line.startsWith("RESULT ")) {
                            ResultRow row = parse(line, server.target(), round);
                            System.out.printf(
                                    "connect %s round %d %-9s %s%n",
                                    row.caseName(), round, server.target(), row.metrics());
                            rows.add(row);
                        }
                    }
                }
            }
        }
    }

    /** Reads {@code RESULT <case> <metric>=<value> ...} as printed by {@link ConnectProbe}. */
    static ResultRow parse(String line, String target, int round) {
        String[] words = line.split(" ", 0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            String[] pair = words[i].split("=", 2);
            metrics.put(pair[0], Double.parseDouble(pair[1]));
        }
        return new ResultRow(PART, words[1], target, round, metrics);
    }
}
