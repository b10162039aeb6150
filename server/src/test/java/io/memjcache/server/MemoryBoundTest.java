package io.memjcache.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory limit holds under a flood: ten times the limit written over one pipelined connection leaves the server
 * evicting, reporting the configured limit, and holding no more heap than the limit plus a fixed allowance. Also
 * checks that an item over the size limit is refused without desynchronising the connection.
 */
class MemoryBoundTest {

    private static final int LIMIT_MEGABYTES = 16;
    private static final long LIMIT_BYTES = LIMIT_MEGABYTES * 1024L * 1024;
    private static final int VALUE_BYTES = 100 * 1024;
    private static final long WRITTEN_BYTES = 10 * LIMIT_BYTES;
    /** Room for the hash tables, Netty's buffers and whatever garbage a collection leaves behind. */
    private static final long HEAP_ALLOWANCE = 64L * 1024 * 1024;
    /** A flood keeps the server busy for a while before it answers the closing {@code mn}. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Writers get their own threads: the common pool may have a single thread on a small machine. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "memory-bound-writer");
        t.setDaemon(true);
        return t;
    });

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tenTimesTheLimitStaysWithinTheLimit() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = heapUsedAfterGc(memory);
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.builder()
                        .port(0)
                        .memoryLimitMegabytes(LIMIT_MEGABYTES)
                        .build());
                TextConnection conn = new TextConnection(server.address(), PATIENCE)) {
            int count = (int) (WRITTEN_BYTES / VALUE_BYTES);
            assertEquals(List.of(), flood(conn, "flood:", count, VALUE_BYTES), "noreply sets answer nothing");

            Map<String, String> stats = conn.stats();
            assertEquals(Long.toString(LIMIT_BYTES), stats.get("limit_maxbytes"));
            assertEquals(Integer.toString(count), stats.get("total_items"), "every set was stored");
            long evictions = Long.parseLong(stats.get("evictions"));
            long items = Long.parseLong(stats.get("curr_items"));
            assertTrue(evictions > 0, "evictions: " + evictions);
            assertEquals(count, evictions + items, "each item is either still there or evicted");
            assertTrue(items * VALUE_BYTES <= LIMIT_BYTES, items + " items of " + VALUE_BYTES + " bytes");
            assertTrue(Long.parseLong(stats.get("bytes")) <= LIMIT_BYTES, "bytes: " + stats.get("bytes"));
            assertEquals(VALUE_BYTES, conn.get("flood:" + (count - 1)).length(), "the newest item survives");
            assertNull(conn.get("flood:0"), "the oldest item was evicted");

            long bound = baseline + LIMIT_BYTES + HEAP_ALLOWANCE;
            long settled = heapUsedWithin(memory, bound, 10_000);
            assertTrue(
                    settled <= bound,
                    "heap in use " + mb(settled) + " with the server full; baseline " + mb(baseline) + ", bound "
                            + mb(bound));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void aSetLargerThanTheItemSizeLimitIsRefusedAndTheConnectionStaysInStep(String serverName) throws IOException {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                TextConnection conn = new TextConnection(server.address(), PATIENCE)) {
            assertEquals("STORED", conn.call("set big 0 0 3\r\nold"));
            int tooLarge = 2 * 1024 * 1024;
            conn.send("set big 0 0 " + tooLarge + "\r\n" + "y".repeat(tooLarge) + "\r\nget big");
            assertEquals("SERVER_ERROR object too large for cache", conn.line());
            assertEquals("END", conn.line(), "a refused set also drops the old value");
            assertEquals("STORED", conn.call("set small 0 0 2\r\nok"));
            assertEquals("ok", conn.get("small"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fourConnectionsFloodingAtOnceKeepTheAccountsStraight() throws Exception {
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.builder()
                .port(0)
                .memoryLimitMegabytes(LIMIT_MEGABYTES)
                .build())) {
            int connections = 4;
            int eachCount = (int) (WRITTEN_BYTES / connections / VALUE_BYTES);
            List<CompletableFuture<List<String>>> floods = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String prefix = "conn" + c + ":";
                // Values of several sizes, so that evictions free different amounts than the sets need.
                int valueBytes = VALUE_BYTES / (c + 1);
                int count = eachCount * (c + 1);
                floods.add(CompletableFuture.supplyAsync(
                        () -> {
                            try (TextConnection conn = new TextConnection(server.address(), PATIENCE)) {
                                return flood(conn, prefix, count, valueBytes);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        WRITERS));
            }
            for (CompletableFuture<List<String>> f : floods) {
                assertEquals(List.of(), f.get(40, TimeUnit.SECONDS), "noreply sets answer nothing");
            }
            try (TextConnection conn = new TextConnection(server.address(), PATIENCE)) {
                Map<String, String> stats = conn.stats();
                long total = Long.parseLong(stats.get("total_items"));
                long evictions = Long.parseLong(stats.get("evictions"));
                long items = Long.parseLong(stats.get("curr_items"));
                assertEquals((long) eachCount * (1 + 2 + 3 + 4), total, "every set was stored");
                assertEquals(total, evictions + items, "each item is either still there or evicted");
                assertTrue(Long.parseLong(stats.get("bytes")) <= LIMIT_BYTES, "bytes: " + stats.get("bytes"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mg vivify:%d N30 q", "ma vivify:%d N30 J5 q"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void itemsCreatedOnAMissStayWithinTheLimit(String command) throws Exception {
        int limitMegabytes = 2;
        long limit = limitMegabytes * 1024L * 1024;
        try (MemcachedServer server = MemcachedServer.start(ServerConfig.builder()
                        .port(0)
                        .memoryLimitMegabytes(limitMegabytes)
                        .build());
                TextConnection conn = new TextConnection(server.address(), PATIENCE)) {
            int count = 100_000;
            int batch = 1000;
            for (int first = 0; first < count; first += batch) {
                StringBuilder requests = new StringBuilder();
                for (int i = first; i < first + batch; i++) {
                    requests.append(String.format(command, i)).append("\r\n");
                }
                requests.append("mn\r\n");
                byte[] bytes = requests.toString().getBytes(ISO_8859_1);
                conn.write(out -> out.write(bytes));
                for (String line = conn.line(); !line.equals("MN"); line = conn.line()) {
                    assertTrue(line.startsWith("EN") || line.startsWith("HD"), line);
                }
            }
            Map<String, String> stats = conn.stats();
            long used = server.context().store.usedBytes();
            assertTrue(used <= limit, "items hold " + used + " bytes of the heap, limit " + limit);
            assertTrue(Long.parseLong(stats.get("bytes")) <= limit, "bytes: " + stats.get("bytes"));
            assertTrue(Long.parseLong(stats.get("evictions")) > 0, "evictions: " + stats.get("evictions"));
            assertEquals(count, Long.parseLong(stats.get("total_items")), "every miss created an item");
        }
    }

    /**
     * Pipelines {@code count} noreply sets then {@code mn}, writing from another thread so that anything the server
     * answers is read at the same time; returns the lines that came before {@code MN} (there should be none).
     */
    private static List<String> flood(TextConnection conn, String prefix, int count, int valueBytes)
            throws IOException {
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        CompletableFuture<Void> writing = CompletableFuture.runAsync(
                () -> {
                    try {
                        conn.write(out -> {
                            for (int i = 0; i < count; i++) {
                                out.write(("set " + prefix + i + " 0 0 " + valueBytes + " noreply\r\n")
                                        .getBytes(ISO_8859_1));
                                out.write(value);
                                out.write('\r');
                                out.write('\n');
                            }
                            out.write("mn\r\n".getBytes(ISO_8859_1));
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                WRITERS);
        List<String> unexpected = new ArrayList<>();
        for (String line = conn.line(); !line.equals("MN"); line = conn.line()) {
            unexpected.add(line);
        }
        writing.join();
        return unexpected;
    }

    /** Collects until the heap in use is within {@code bound} or the deadline passes; returns the last reading. */
    private static long heapUsedWithin(MemoryMXBean memory, long bound, long deadlineMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        long used = heapUsedAfterGc(memory);
        while (used > bound && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            used = heapUsedAfterGc(memory);
        }
        return used;
    }

    private static long heapUsedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String mb(long bytes) {
        return (bytes / (1024 * 1024)) + " MB";
    }
}
