package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.Metrics;
import io.memjcache.benchmarks.report.ResultRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resident memory with many small items: each round starts both servers fresh with {@code -m 1024}, stores the
 * items (14-byte keys {@code key:0000000001}..., 100-byte values) over the text protocol in pipelined batches,
 * and reads VmRSS and VmHWM. The churn case of {@link LoadPart} adds the peak RSS under eviction. Not thread-safe.
 *
 * @param options the harness options
 * @param children where started processes are tracked
 * @param rows where measured rounds are added
 */
record MemoryPart(HarnessOptions options, ChildProcesses children, List<ResultRow> rows) {

    static final String PART = "memory";
    static final String CHURN_PEAK = "churn-peak";
    /** How far the churn peak RSS went past {@code -m}, MiB: the "constant" of the RSS bound. */
    static final String OVER_LIMIT_MB = "over_limit_mb";

    private static final int MEMORY_MB = 1024;
    private static final int VALUE_BYTES = 100;
    private static final int BATCH = 1000;
    private static final byte[] STORED = "STORED\r\n".getBytes(StandardCharsets.US_ASCII);

    static String caseName(HarnessOptions options) {
        return options.items >= 1_000_000 && options.items % 1_000_000 == 0
                ? options.items / 1_000_000 + "M-items-100B"
                : options.items / 1000 + "k-items-100B";
    }

    void run() throws IOException {
        for (int round = 1; round <= options.rounds; round++) {
            for (String target : List.of(ServerProcess.MEMCACHED, ServerProcess.MEMJCACHE)) {
                try (ServerProcess server = ServerProcess.start(children, options, target, MEMORY_MB)) {
                    load(server.port(), options.items);
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put(Metrics.RSS_MB, server.rssKb() / 1024.0);
                    metrics.put(Metrics.PEAK_RSS_MB, server.hwmKb() / 1024.0);
                    System.out.printf("memory %s round %d %-9s %s%n", caseName(options), round, target, metrics);
                    rows.add(new ResultRow(PART, caseName(options), target, round, metrics));
                }
            }
        }
    }

    /** Stores {@code items} items, {@link #BATCH} requests in flight, and checks every reply is STORED. */
    static void load(int port, int items) throws IOException {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        try (Socket socket = new Socket(ServerProcess.LOOPBACK, port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int first = 1; first <= items; first += BATCH) {
                int count = Math.min(BATCH, items - first + 1);
                batch.reset();
                for (int i = first; i < first + count; i++) {
                    batch.writeBytes(String.format("set key:%010d 0 0 %d\r\n", i, VALUE_BYTES)
                            .getBytes(StandardCharsets.US_ASCII));
                    batch.writeBytes(value);
                    batch.writeBytes(new byte[] {'\r', '\n'});
                }
                out.write(batch.toByteArray());
                out.flush();
                byte[] replies = in.readNBytes(STORED.length * count);
                for (int i = 0; i < count; i++) {
                    if (replies.length < STORED.length * (i + 1)
                            || !Arrays.equals(
                                    replies, STORED.length * i, STORED.length * (i + 1), STORED, 0, STORED.length)) {
                        throw new IOException("item " + (first + i) + " not STORED: "
                                + new String(replies, StandardCharsets.US_ASCII).strip());
                    }
                }
            }
        }
    }
}
