package io.memjcache.server.abuse;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.util.Random;

/**
 * Items a well-behaved client stores before the abuse, and the exact answer that reads them all back.
 * Not thread-safe.
 */
final class KeptData implements AutoCloseable {
    final Wire wire;
    private final ServerUnderTest server;
    private final StringBuilder getAll = new StringBuilder("get");
    private final StringBuilder answer = new StringBuilder();

    KeptData(ServerUnderTest server) throws IOException {
        this.server = server;
        this.wire = new Wire(server.address());
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(3000);
            for (int j = 0; j < length; j++) {
                value.append((char) random.nextInt(256));
            }
            String key = "kept:" + i;
            wire.send("set " + key + " " + i + " 0 " + length + "\r\n" + value + "\r\n");
            wire.expect("STORED\r\n");
            getAll.append(' ').append(key);
            answer.append("VALUE ")
                    .append(key)
                    .append(' ')
                    .append(i)
                    .append(' ')
                    .append(length)
                    .append("\r\n")
                    .append(value)
                    .append("\r\n");
        }
        getAll.append("\r\n");
        answer.append("END\r\n");
    }

    /** Reads everything back on the long-lived connection and on a fresh one. */
    void assertIntact() throws IOException {
        wire.send(getAll.toString());
        wire.expect(answer.toString(), "kept data on the well-behaved client's connection");
        try (Wire fresh = new Wire(server.address())) {
            fresh.send(getAll.toString());
            fresh.expect(answer.toString(), "kept data on a new connection");
        }
    }

    @Override
    public void close() {
        wire.close();
    }
}
