package io.memjcache.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.OutputBudget;
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
 * part per connection), a client that reads its answers is served meanwhile, and every held client, read one after
 * the other, then gets its whole answer in step: none is left waiting for a wake-up that never comes.
 */
class OutputBudgetTest {

    private static final long BUDGET = 1024 * 1024;
    private static final int CLIENTS = 6;
    private static final int VALUES = 10;
    private static final int VALUE_BYTES = 1_000_000;
    private static final int ROUNDS = 2;
    /** Each connection may overshoot by one part: up to 64 KiB of lines plus one value. */
    private static final long BOUND = BUDGET + CLIENTS * (ConnectionHandler.OUT_CHUNK + VALUE_BYTES + 64L);

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void hoardingClientsAreHeldWithinTheBudgetAndAllGetTheirAnswers() throws Exception {
        try (MemcachedServer server = MemcachedServer.start(
                        ServerConfig.builder().port(0).outputBudgetBytes(BUDGET).build());
                TextConnection other = new TextConnection(server.address(), PATIENCE)) {
            OutputBudget output = server.context().output;
            List<byte[]> values = new ArrayList<>();
            StringBuilder get = new StringBuilder("get");
            for (int k = 0; k < VALUES; k++) {
                byte[] value = new byte[VALUE_BYTES + 2];
                Arrays.fill(value, (byte) ('a' + k));
                value[VALUE_BYTES] = '\r';
                value[VALUE_BYTES + 1] = '\n';
                values.add(value);
                String text = new String(value, 0, VALUE_BYTES, ISO_8859_1);
                assertEquals("STORED", other.call("set v" + k + " 0 0 " + VALUE_BYTES + "\r\n" + text));
                get.append(" v").append(k);
            }
            for (int round = 0; round < ROUNDS; round++) {
                List<TextConnection> clients = new ArrayList<>();
                try {
                    for (int c = 0; c < CLIENTS; c++) {
                        TextConnection client = new TextConnection(server.address(), PATIENCE);
                        clients.add(client);
                        client.send(get.toString());
                    }
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (!output.exhausted() && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    assertTrue(output.exhausted(), "round " + round + ": the clients fill the budget");
                    assertEquals("MN", other.call("mn"), "round " + round + ": a reading client is served");
                    long queued = output.queued();
                    assertTrue(queued <= BOUND, "round " + round + ": " + queued + " bytes queued, bound " + BOUND);

                    for (int c = 0; c < CLIENTS; c++) {
                        TextConnection client = clients.get(c);
                        for (int k = 0; k < VALUES; k++) {
                            assertEquals("VALUE v" + k + " 0 " + VALUE_BYTES, client.line(), "client " + c);
                            assertArrayEquals(values.get(k), client.bytes(VALUE_BYTES + 2), "client " + c);
                        }
                        assertEquals("END", client.line(), "client " + c);
                        assertTrue(output.queued() <= BOUND);
                    }
                } finally {
                    for (TextConnection client : clients) {
                        client.close();
                    }
                }
            }
        }
    }
}
