package io.memjcache.server.abuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.server.abuse.Wire.Ending;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and careless clients: garbage, absurd lengths, endless lines, huge pipelines, clients that never read,
 * too many connections (the binary protocol's own abuse is {@link BinaryAbuseTest}'s). After each abuse the server must still serve, and data a well-behaved
 * client stored before it must be intact. Where memcached's answer is exact, the same bytes are required, and those
 * tests also run against memcached, which proves the expectations right.
 *
 * <p>Each test owns its server; not meant to be run concurrently with itself. No helper accepts or returns
 * {@code null}.
 */
class AbuseTest {

    private static final long MB = 1024 * 1024;
    private static final String BAD_FORMAT = "CLIENT_ERROR bad command line format\r\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void randomBinaryLinesAreEachAnsweredWithError(String serverName) throws IOException {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server)) {
            Random random = new Random(20_261_121);
            StringBuilder garbage = new StringBuilder();
            int lines = 300;
            for (int i = 0; i < lines; i++) {
                int length = 1 + random.nextInt(400);
                for (int j = 0; j < length; j++) {
                    char c = (char) random.nextInt(256);
                    garbage.append(c == '\r' || c == '\n' ? '~' : c);
                }
                garbage.append("\r\n");
            }
            // A first byte of 0x80 would select memcached's binary protocol.
            garbage.setCharAt(0, '~');
            try (Wire wire = new Wire(server.address())) {
                wire.send(garbage + "mn\r\n");
                wire.expect("ERROR\r\n".repeat(lines) + "MN\r\n");
            }
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void httpRequestIsClosedWithoutAnswer(String serverName) throws IOException {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server)) {
            try (Wire wire = new Wire(server.address())) {
                wire.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
                Ending ending = wire.readUntilClosed();
                assertEquals(new Ending("", true), ending, "an HTTP request is dropped silently, as memcached does");
            }
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void hugeAndNegativeValueLengthsAreRefused(String serverName) throws IOException {
        String[][] cases = {
            {"set a 0 0 -1\r\n", BAD_FORMAT},
            {"set a 0 0 -5\r\nhello\r\n", BAD_FORMAT + "ERROR\r\n"},
            {"cas a 0 0 -1 5\r\n", BAD_FORMAT},
            {"append a 0 0 -1\r\n", BAD_FORMAT},
            {"ms a -1\r\n", BAD_FORMAT},
            {"set a 0 0 2147483648\r\n", BAD_FORMAT},
            {"set a 0 0 4294967295\r\n", BAD_FORMAT},
            {"set a 0 0 18446744073709551616\r\n", BAD_FORMAT},
            // memcached keeps the low 32 bits of 4294967296, so it waits for an empty value; the next line is not
            // the two bytes "\r\n" it expects, and what remains of that line is an unknown command.
            {"set abuse:4g 0 0 4294967296\r\nget abuse:4g\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n"},
        };
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server);
                Wire wire = new Wire(server.address())) {
            for (String[] c : cases) {
                wire.send(c[0] + "mn\r\n");
                wire.expect(c[1] + "MN\r\n", "answer to " + Wire.escape(c[0]));
            }
            wire.send("get a abuse:4g\r\n");
            wire.expect("END\r\n", "nothing was stored");
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void lineOf64KilobytesWithoutNewlineIsCut(String serverName) throws IOException {
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server)) {
            try (Wire wire = new Wire(server.address())) {
                wire.sendIgnoringReset("x".repeat(64 * 1024));
                assertEquals(
                        new Ending("", true),
                        wire.readUntilClosed(),
                        "memcached closes a connection whose line has no end in sight, without a word");
            }
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void hundredThousandPipelinedCommandsAreAllAnsweredInOrder(String serverName) throws Exception {
        int pairs = 50_000;
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server);
                Wire wire = new Wire(server.address())) {
            Thread writer = Wire.writeInBackground(wire, out -> {
                OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
                for (int i = 0; i < pairs; i++) {
                    String value = pipelinedValue(i);
                    buffered.write(("set p:" + i + " " + i + " 0 " + value.length() + "\r\n" + value + "\r\n" + "get p:"
                                    + i + "\r\n")
                            .getBytes(ISO_8859_1));
                }
                buffered.write("mn\r\n".getBytes(ISO_8859_1));
                buffered.flush();
            });
            for (int i = 0; i < pairs; i++) {
                String value = pipelinedValue(i);
                wire.expect("STORED\r\n", "answer to set number " + i);
                wire.expect(
                        "VALUE p:" + i + " " + i + " " + value.length() + "\r\n" + value + "\r\nEND\r\n",
                        "answer to get number " + i);
            }
            wire.expect("MN\r\n");
            writer.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!writer.isAlive(), "writer finished");
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void clientThatNeverReadsCannotMakeTheServerHoardMemory(String serverName) throws Exception {
        long writeCap = 64 * MB;
        try (ServerUnderTest server = ServerUnderTest.named(serverName);
                KeptData kept = new KeptData(server)) {
            int bigLength = 500 * 1024;
            kept.wire.send("set big 0 0 " + bigLength + "\r\n" + "0123456789abcdef".repeat(bigLength / 16) + "\r\n");
            kept.wire.expect("STORED\r\n");
            long baseline = memoryInUseAfterGc();

            AtomicLong written = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            try (Socket abusive = new Socket()) {
                abusive.connect(server.address(), 5_000);
                byte[] batch = "get big\r\n".repeat(8192).getBytes(ISO_8859_1);
                Thread writer = Wire.writeInBackground(abusive, out -> {
                    while (!stop.get() && written.get() < writeCap) {
                        out.write(batch);
                        written.addAndGet(batch.length);
                    }
                });
                String howItEnded = awaitStallOrCap(writer, written, writeCap, baseline);

                long started = System.nanoTime();
                kept.assertIntact();
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(tookMillis < 2_000, "another client waited " + tookMillis + " ms; " + howItEnded);

                long growth = memoryInUseAfterGc() - baseline;
                assertTrue(growth < 256 * MB, "memory grew by " + growth / MB + " MB; " + howItEnded);
                stop.set(true);
            }
            kept.assertIntact();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void connectionsBeyondTheLimitAreRejectedCleanly(String serverName) throws IOException {
        int attempts = 1100;
        try (ServerUnderTest server = "memjcache".equals(serverName)
                        ? ServerUnderTest.bundled(b -> b.maxConnections(1024))
                        : ServerUnderTest.reference("-c", "1024");
                KeptData kept = new KeptData(server)) {
            List<Wire> wires = new ArrayList<>();
            try {
                for (int i = 0; i < attempts; i++) {
                    wires.add(new Wire(server.address()));
                }
                for (Wire wire : wires) {
                    wire.sendIgnoringReset("version\r\n");
                }
                int served = 0;
                int rejected = 0;
                List<String> unclean = new ArrayList<>();
                // One deadline for all reads, so silent connections cannot add up to minutes.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                for (Wire wire : wires) {
                    wire.patience(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    String line = wire.readLineOrRest();
                    if (line.startsWith("VERSION ") && line.endsWith("\r\n")) {
                        served++;
                    } else if (line.equals("ERROR Too many open connections\r\n")
                            && wire.readUntilClosed().equals(new Ending("", true))) {
                        rejected++;
                    } else {
                        unclean.add(Wire.escape(line));
                    }
                }
                assertEquals(
                        List.of(),
                        unclean.subList(0, Math.min(5, unclean.size())),
                        unclean.size() + " connections were neither served nor rejected with memcached's"
                                + " \"ERROR Too many open connections\\r\\n\" and a close");
                assertTrue(served >= 900 && served <= 1024, served + " connections served");
                assertEquals(attempts, served + rejected);
            } finally {
                for (Wire wire : wires) {
                    wire.close();
                }
            }
            awaitConnectionsServed(server, 200);
            kept.assertIntact();
        }
    }

    private static String pipelinedValue(int i) {
        return ("v" + i).repeat(1 + i % 7);
    }

    /** Waits until the abusive writer is blocked (server stopped reading), dies, or wrote {@code cap} bytes. */
    private static String awaitStallOrCap(Thread writer, AtomicLong written, long cap, long baseline) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long lastAmount = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long amount = written.get();
            if (amount >= cap) {
                return "the server read all " + amount / MB + " MB of requests";
            }
            if (!writer.isAlive()) {
                return "the server closed the connection after " + amount / MB + " MB of requests";
            }
            if (amount != lastAmount) {
                lastAmount = amount;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(1)) {
                return "the server stopped reading after " + amount / MB + " MB of requests";
            }
            // Bail out before a hoarding server takes the test JVM down with it.
            if (memoryInUse() - baseline > 1024 * MB) {
                return "memory grew past 1 GB after " + amount / MB + " MB of requests";
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return "the server was still reading after 20 s and " + written.get() / MB + " MB of requests";
    }

    private static void awaitConnectionsServed(ServerUnderTest server, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = "";
        while (System.nanoTime() < deadline) {
            List<Wire> wires = new ArrayList<>();
            try {
                int served = 0;
                for (int i = 0; i < count; i++) {
                    Wire wire = new Wire(server.address());
                    wires.add(wire);
                    wire.sendIgnoringReset("version\r\n");
                }
                for (Wire wire : wires) {
                    last = wire.readLineOrRest();
                    served += last.startsWith("VERSION ") ? 1 : 0;
                }
                if (served == count) {
                    return;
                }
            } finally {
                for (Wire wire : wires) {
                    wire.close();
                }
            }
            // Closed connections are released asynchronously; try again shortly.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        fail("after closing every connection, " + count + " new ones were not all served; last answer "
                + Wire.escape(last));
    }

    /** Heap in use plus direct memory the JDK and Netty account for, in bytes. */
    private static long memoryInUse() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            used += Math.max(0, pool.getMemoryUsed());
        }
        return used + Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
    }

    private static long memoryInUseAfterGc() {
        System.gc();
        return memoryInUse();
    }
}
