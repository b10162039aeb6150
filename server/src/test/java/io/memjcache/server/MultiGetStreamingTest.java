package io.memjcache.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.net.ServerContext;
import io.memjcache.server.testsupport.TextConnection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code get} of 60,000 keys is answered a part at a time, as the client reads, instead of being built whole:
 * while its client has read only the first bytes, the server holds no more of the answer than the connection's
 * output limit plus one part, another connection on the same (single) event loop is answered, and the request
 * pipelined after the get is answered after the get's {@code END}.
 */
class MultiGetStreamingTest {

    private static final int KEYS = 60_000;
    private static final int VALUE_BYTES = 1000;
    /** The channel's high water mark (1 MiB), one part of the answer, and one item that overshoots it. */
    private static final long OUTPUT_BOUND = 1024 * 1024 + ConnectionHandler.OUT_CHUNK + VALUE_BYTES + 64;

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHugeGetIsStreamedWhileOtherConnectionsAreServed() throws IOException {
        try (MemcachedServer server = MemcachedServer.start(
                        ServerConfig.builder().port(0).threads(1).build());
                TextConnection other = new TextConnection(server.address(), PATIENCE);
                Socket big = new Socket(server.address().getAddress(), server.port())) {
            byte[] value = new byte[VALUE_BYTES];
            Arrays.fill(value, (byte) 'v');
            assertEquals("STORED", other.call("set item 0 0 " + VALUE_BYTES + "\r\n" + new String(value, ISO_8859_1)));
            ServerContext context = server.context();

            big.setSoTimeout((int) PATIENCE.toMillis());
            big.getOutputStream().write(("get" + " item".repeat(KEYS) + "\r\nmn\r\n").getBytes(ISO_8859_1));
            InputStream in = new BufferedInputStream(big.getInputStream(), 4096);
            byte[] header = "VALUE item 0 1000\r\n".getBytes(ISO_8859_1);
            assertArrayEquals(header, in.readNBytes(header.length), "the first bytes arrive");

            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (context.stats.connYields.sum() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertTrue(context.stats.connYields.sum() > 0, "the big answer stopped for the client to catch up");
            assertEquals("MN", other.call("mn"), "another connection on the same event loop is served meanwhile");
            long queued = context.output.queued();
            assertTrue(
                    queued <= OUTPUT_BOUND,
                    "output queued with the client not reading: " + queued + " bytes, bound " + OUTPUT_BOUND);

            byte[] block = new byte[VALUE_BYTES + 2];
            in.readNBytes(block, 0, block.length);
            for (int i = 1; i < KEYS; i++) {
                assertArrayEquals(header, in.readNBytes(header.length), "header of value " + i);
                assertEquals(block.length, in.readNBytes(block, 0, block.length));
                assertEquals('v', block[0]);
                assertEquals('\n', block[block.length - 1]);
            }
            assertEquals(
                    "END\r\nMN\r\n",
                    new String(in.readNBytes(9), ISO_8859_1),
                    "the pipelined request is answered after the whole get");
            assertTrue(context.output.queued() <= OUTPUT_BOUND);
        }
    }
}
