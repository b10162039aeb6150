package io.memjcache.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * memcached's {@code -R}: a connection executes at most that many requests (20 by default) before it yields its
 * event loop to the other connections, counted by {@code conn_yields}; a pipeline below the limit never yields. The
 * answers stay in order however often it yields. Checked on the bundled server and on memcached alike.
 */
class RequestsPerEventTest {

    private static final int PIPELINED = 200;

    private static ServerUnderTest start(String kind, int requestsPerEvent) {
        if (kind.equals("memcached")) {
            return requestsPerEvent == 0
                    ? ServerUnderTest.reference()
                    : ServerUnderTest.reference("-R", Integer.toString(requestsPerEvent));
        }
        return requestsPerEvent == 0
                ? ServerUnderTest.bundled()
                : ServerUnderTest.bundled(config -> config.requestsPerEvent(requestsPerEvent));
    }

    @ParameterizedTest(name = "{0} -R {1} (0: default)")
    @CsvSource({"memjcache, 0", "memjcache, 1", "memjcache, 7", "memcached, 0", "memcached, 1", "memcached, 7"})
    void aLongPipelineYieldsAndIsAnsweredInOrder(String kind, int requestsPerEvent) throws IOException {
        try (ServerUnderTest server = start(kind, requestsPerEvent);
                TextConnection connection = new TextConnection(server.address())) {
            assertEquals("STORED", connection.call("set counter 0 0 1\r\n0"));
            // One write: the whole pipeline arrives in one read, more requests than one turn may execute.
            connection.write(out -> {
                for (int i = 0; i < PIPELINED; i++) {
                    out.write("incr counter 1\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            });
            for (int i = 1; i <= PIPELINED; i++) {
                assertEquals(Integer.toString(i), connection.line(), "answer " + i + " in order");
            }
            long yields = Long.parseLong(connection.stats().get("conn_yields"));
            assertTrue(yields > 0, "the connection yielded while executing " + PIPELINED + " requests");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"memjcache", "memcached"})
    void aPipelineWithinTheDefaultLimitNeverYields(String kind) throws IOException {
        try (ServerUnderTest server = start(kind, 0);
                TextConnection connection = new TextConnection(server.address())) {
            connection.write(out -> {
                for (int i = 0; i < 10; i++) {
                    out.write("get missing\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            });
            for (int i = 0; i < 10; i++) {
                assertEquals("END", connection.line());
            }
            assertEquals("0", connection.stats().get("conn_yields"));
        }
    }
}
