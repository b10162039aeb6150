package io.memjcache.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.OutputBudget;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.testsupport.TextConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server-wide output budget: clients that ask for more than it and do not read are held within it (plus one
 * part per connection: a large value is handed over slice by slice, never whole), a client that reads its answers
 * is served meanwhile, and every held client, read one after the other, then gets its whole answer in step: none is
 * left waiting for a wake-up that never comes, and none is closed.
 */
class OutputBudgetTest {

    private static final long BUDGET = 1024 * 1024;
    private static final int VALUE_BYTES = 1_000_000;
    /** What one connection may hand over beyond the budget: up to 64 KiB of lines, or one slice of a value. */
    private static final long PART = ConnectionHandler.OUT_CHUNK + 64L;

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void hoardingClientsAreHeldWithinTheBudgetAndAllGetTheirAnswers() throws Exception {
        hoard(6, 10, 2);
    }

    /**
     * Many clients, each held on a large value once the socket's buffers are full: if each value were handed over
     * whole, every connection would hold up to a megabyte of direct memory, far beyond the budget (with a small
     * direct memory, connections were closed for want of it).
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void manyHeldClientsEachHoldOnlyASliceOfALargeValue() throws Exception {
        hoard(32, 6, 1);
    }

    /**
     * {@code clients} connections each send one {@code get} of {@code values} large values and do not read, until
     * the server holds every one of them; then the bytes handed over and not written must be within the bound, and
     * each client reads its whole answer.
     */
    private static void hoard(int clients, int values, int rounds) throws Exception {
        long bound = BUDGET + clients * PART;
        try (MemcachedServer server = MemcachedServer.start(
                        ServerConfig.builder().port(0).outputBudgetBytes(BUDGET).build());
                TextConnection other = new TextConnection(server.address(), PATIENCE)) {
            OutputBudget output = server.context().output;
            List<byte[]> expected = new ArrayList<>();
            StringBuilder get = new StringBuilder("get");
            for (int k = 0; k < values; k++) {
                byte[] value = new byte[VALUE_BYTES + 2];
                Arrays.fill(value, (byte) ('a' + k));
                value[VALUE_BYTES] = '\r';
                value[VALUE_BYTES + 1] = '\n';
                expected.add(value);
                String text = new String(value, 0, VALUE_BYTES, ISO_8859_1);
                assertEquals("STORED", other.call("set v" + k + " 0 0 " + VALUE_BYTES + "\r\n" + text));
                get.append(" v").append(k);
            }
            for (int round = 0; round < rounds; round++) {
                List<TextConnection> connections = new ArrayList<>();
                try {
                    for (int c = 0; c < clients; c++) {
                        TextConnection client = new TextConnection(server.address(), PATIENCE);
                        connections.add(client);
                        client.send(get.toString());
                    }
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    boolean filled = filled(server, clients);
                    while (!filled && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        filled = filled(server, clients);
                    }
                    assertTrue(filled, "round " + round + ": the clients fill the budget and are all held");
                    assertEquals("MN", other.call("mn"), "round " + round + ": a reading client is served");
                    long queued = output.queued();
                    assertTrue(queued <= bound, "round " + round + ": " + queued + " bytes queued, bound " + bound);

                    for (int c = 0; c < clients; c++) {
                        TextConnection client = connections.get(c);
                        for (int k = 0; k < values; k++) {
                            assertEquals("VALUE v" + k + " 0 " + VALUE_BYTES, client.line(), "client " + c);
                            assertArrayEquals(expected.get(k), client.bytes(VALUE_BYTES + 2), "client " + c);
                        }
                        assertEquals("END", client.line(), "client " + c);
                        assertTrue(output.queued() <= bound);
                    }
                } finally {
                    for (TextConnection client : connections) {
                        client.close();
                    }
                }
            }
        }
    }

    /**
     * @return whether the server's output is over its budget and it stopped reading from {@code clients}
     *     connections until their output has room
     */
    private static boolean filled(MemcachedServer server, int clients) {
        int held = 0;
        for (ServerContext.Connection connection : server.context().connections()) {
            if (!connection.channel().config().isAutoRead()) {
                held++;
            }
        }
        return held == clients && server.context().output.exhausted();
    }
}
