package io.memjcache.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * SASL's statistics after the same authentications on memcached {@code -S} and on the project's server: every
 * attempt that completes counts in {@code auth_cmds}, a failed one in {@code auth_errors} too; the binary stat
 * command reports them (the text protocol is off under SASL).
 */
class SaslStatsTest {

    private static final ServerOptions SASL = ServerOptions.DEFAULTS.with("sasl testuser s3cr3t");

    @Test
    void authenticationsAreCountedAsMemcachedCountsThem() throws IOException {
        Map<String, String> expected;
        try (ServerUnderTest memcached =
                ServerUnderTest.reference(SASL.memcachedEnvironment(), SASL.memcachedArguments())) {
            expected = authStats(memcached.address());
        }
        Map<String, String> actual;
        try (ServerUnderTest ours = ServerUnderTest.bundled(SASL::applyTo)) {
            actual = authStats(ours.address());
        }
        assertEquals(Map.of("auth_cmds", "3", "auth_errors", "2"), expected, "memcached's own count");
        assertEquals(expected, actual);
    }

    /** Fails twice, succeeds once, then asks for the general statistics on the authenticated connection. */
    private static Map<String, String> authStats(InetSocketAddress address) throws IOException {
        String script = "\\B{sasl-auth key=PLAIN value=%00testuser%00wrong}"
                + "\\B{sasl-auth key=PLAIN value=%00nobody%00s3cr3t}"
                + "\\B{sasl-auth key=PLAIN value=%00testuser%00s3cr3t}"
                + "\\B{stat opaque=9}";
        byte[] requests = Payload.parse(script)
                .render(
                        new Payload.Context() {
                            @Override
                            public String casValue(int placeholder) {
                                throw new IllegalStateException("no CAS here");
                            }

                            @Override
                            public long nowSeconds() {
                                throw new IllegalStateException("no time here");
                            }
                        },
                        new ArrayList<>());
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                Map<String, String> stats = completeStatGroup(received.toByteArray());
                if (stats != null) {
                    return Map.of("auth_cmds", stats.get("auth_cmds"), "auth_errors", stats.get("auth_errors"));
                }
                int n = in.read(buffer);
                if (n < 0) {
                    throw new AssertionFailedError("closed before the stats; got " + received.size() + " bytes");
                }
                received.write(buffer, 0, n);
            }
        }
    }

    /** @return the stats of the answer to the stat request (opaque 9), once its empty closing frame is in */
    private static Map<String, String> completeStatGroup(byte[] data) {
        ByteBuffer frames = ByteBuffer.wrap(data);
        List<String[]> stats = new ArrayList<>();
        int at = 0;
        while (at + 24 <= data.length) {
            int keyLength = frames.getShort(at + 2) & 0xffff;
            int extrasLength = data[at + 4] & 0xff;
            int bodyLength = frames.getInt(at + 8);
            if (at + 24 + bodyLength > data.length) {
                return null;
            }
            if (data[at + 1] == 0x10 && frames.getInt(at + 12) == 9) {
                if (bodyLength == 0) {
                    Map<String, String> values = new LinkedHashMap<>();
                    stats.forEach(pair -> values.put(pair[0], pair[1]));
                    return values;
                }
                int key = at + 24 + extrasLength;
                stats.add(new String[] {
                    new String(data, key, keyLength, StandardCharsets.US_ASCII),
                    new String(data, key + keyLength, bodyLength - extrasLength - keyLength, StandardCharsets.US_ASCII)
                });
            }
            at += 24 + bodyLength;
        }
        return null;
    }
}
