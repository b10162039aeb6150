package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in a JVM with little direct memory ({@code -Xmx256m -XX:MaxDirectMemorySize=256m -m 32}) and 14 clients
 * that each ask for 25 values of 1 MB before reading anything: every client reads a complete, correct answer or is
 * disconnected; none reads a stream out of step (a value missing, so that the next {@code VALUE} header is taken for
 * data). Another client is served meanwhile.
 */
class DirectMemoryPressureTest {

    private static final int CLIENTS = 14;
    private static final int VALUES = 25;
    private static final int VALUE_BYTES = 1_000_000;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private enum Outcome {
        COMPLETE,
        DISCONNECTED
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void clientsAskingForMoreThanDirectMemoryHoldNeverReadAStreamOutOfStep(@TempDir Path dir) throws Exception {
        int port = ReferenceMemcached.freePort();
        Process process = MainProcessTest.startMain(
                dir.resolve("stderr.txt"),
                List.of("-Xmx256m", "-XX:MaxDirectMemorySize=256m"),
                "-p",
                Integer.toString(port),
                "-l",
                "127.0.0.1",
                "-m",
                "32");
        ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            MainProcessTest.connectWithin(address, process).close();
            List<byte[]> values = new ArrayList<>();
            try (TextConnection setup = new TextConnection(address, PATIENCE)) {
                for (int k = 0; k < VALUES; k++) {
                    String value = String.valueOf((char) ('a' + k)).repeat(VALUE_BYTES);
                    values.add((value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    assertEquals("STORED", setup.call("set big" + k + " 0 0 " + VALUE_BYTES + "\r\n" + value));
                }
            }

            List<TextConnection> clients = new ArrayList<>();
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    TextConnection client = new TextConnection(address, PATIENCE);
                    clients.add(client);
                    StringBuilder request = new StringBuilder("get");
                    for (int k = 0; k < VALUES; k++) {
                        request.append(" big").append(k);
                    }
                    client.send(request.toString());
                }
                try (TextConnection other = new TextConnection(address, PATIENCE)) {
                    awaitAnsweredOrHeld(other);
                    for (TextConnection client : clients) {
                        outcomes.add(CompletableFuture.supplyAsync(() -> readAnswers(client, values), readers));
                    }
                    assertEquals("STORED", other.call("set other 0 0 5\r\nhello"));
                    assertEquals("hello", other.get("other"), "another client is served under the pressure");
                }
                int complete = 0;
                for (CompletableFuture<Outcome> outcome : outcomes) {
                    if (outcome.get(PATIENCE.toSeconds() * 3, TimeUnit.SECONDS) == Outcome.COMPLETE) {
                        complete++;
                    }
                }
                assertTrue(complete > 0, "no client got its answer");
            } finally {
                for (TextConnection client : clients) {
                    client.close();
                }
            }
            try (TextConnection after = new TextConnection(address, PATIENCE)) {
                assertEquals("hello", after.get("other"), "the server still serves after the pressure");
            }
        } finally {
            readers.shutdownNow();
            process.destroyForcibly();
        }
    }

    /**
     * Waits until the server has either built every answer (all gets counted) or held each connection whose client
     * does not read, so that the clients start reading only once the server did what it does with unread answers.
     */
    private static void awaitAnsweredOrHeld(TextConnection other) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> stats = other.stats();
            if (Long.parseLong(stats.get("cmd_get")) >= (long) CLIENTS * VALUES
                    || Long.parseLong(stats.get("conn_yields")) >= CLIENTS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("the server neither answered nor held the clients within " + PATIENCE);
    }

    /** Reads the answer; fails on anything out of step, returns whether it was complete or cut off. */
    private static Outcome readAnswers(TextConnection client, List<byte[]> values) {
        try {
            for (int k = 0; k < VALUES; k++) {
                assertEquals("VALUE big" + k + " 0 " + VALUE_BYTES, client.line(), "header " + k);
                byte[] value = client.bytes(VALUE_BYTES + 2);
                assertTrue(
                        Arrays.equals(value, values.get(k)),
                        "value " + k + " is out of step, it starts "
                                + new String(value, 0, 40, StandardCharsets.ISO_8859_1));
            }
            assertEquals("END", client.line(), "end after the values");
            return Outcome.COMPLETE;
        } catch (EOFException | SocketException disconnected) {
            return Outcome.DISCONNECTED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
