package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code lru_crawler metadump} is written stripe by stripe, pausing while the client lags behind, instead of being
 * built whole in memory: a dump of many parts (3.5 MB here, past the connection's output limit) still arrives
 * complete, each live key exactly once, followed by {@code END}, and the connection answers normally afterwards.
 */
class MetadumpStreamingTest {

    private static final int KEYS = 50_000;

    @Test
    void aLargeDumpArrivesCompleteAndInStep() throws IOException {
        try (ServerUnderTest server = ServerUnderTest.bundled();
                TextConnection connection = new TextConnection(server.address())) {
            StringBuilder sets = new StringBuilder();
            for (int i = 0; i < KEYS; i++) {
                sets.append("set dump:").append(i).append(" 0 0 1 noreply\r\nx\r\n");
                if (sets.length() > 64 * 1024) {
                    sendRaw(connection, sets);
                }
            }
            sendRaw(connection, sets);
            assertEquals("MN", connection.call("mn"));

            connection.send("lru_crawler metadump all");
            // Dump lines end with a bare LF and only END with CR LF, so one protocol line holds the whole dump.
            String[] lines = connection.line().split("\n", -1);
            assertEquals("END", lines[lines.length - 1]);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < lines.length - 1; i++) {
                String line = lines[i];
                assertTrue(line.startsWith("key=dump%3A"), line);
                assertTrue(keys.add(line.substring(4, line.indexOf(' '))), "listed twice: " + line);
            }

            assertEquals(KEYS, keys.size());
            assertEquals("MN", connection.call("mn"), "the connection is in step after the dump");
        }
    }

    private static void sendRaw(TextConnection connection, StringBuilder requests) throws IOException {
        byte[] bytes = requests.toString().getBytes(StandardCharsets.ISO_8859_1);
        connection.write(out -> out.write(bytes));
        requests.setLength(0);
    }
}
