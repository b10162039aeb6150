package io.memjcache.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that open a TLS connection and never finish the handshake: silent ones, and ones that announce a
 * full-size record and send most of it. The server closes each after its handshake timeout, holds at most one
 * record per connection meanwhile, and serves other clients throughout with their data intact.
 */
class TlsHandshakeAbuseTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int STALLERS = 150;

    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.shared();
    }

    @Test
    void stalledHandshakesAreDroppedAndOthersAreServed() throws Exception {
        try (TlsTarget server = TlsTarget.start(
                        "memjcache", TlsTarget.Settings.of(certs).handshakeTimeout(HANDSHAKE_TIMEOUT));
                TlsClient client = TlsClient.connect(server.tls(), TlsClient.trusting(certs.cert("ca")))) {
            for (int i = 0; i < 100; i++) {
                assertEquals("STORED\n", client.ask("set k" + i + " 0 0 6\r\nvalue" + (i % 10) + "\r\n", "STORED"));
            }
            List<Socket> stallers = new ArrayList<>();
            try {
                for (int i = 0; i < STALLERS; i++) {
                    Socket socket = new Socket();
                    socket.connect(server.tls(), 10_000);
                    socket.setSoTimeout((int) PATIENCE.toMillis());
                    if (i % 2 == 1) {
                        sendMostOfARecord(socket.getOutputStream());
                    }
                    stallers.add(socket);
                }
                // Served while the stalled handshakes are pending.
                for (int i = 0; i < 100; i++) {
                    assertEquals(
                            "VALUE k" + i + " 0 6\nvalue" + (i % 10) + "\nEND\n",
                            client.ask("get k" + i + "\r\n", "END"));
                }
                for (Socket socket : stallers) {
                    assertEquals("", TlsTest.readUntilClosed(socket), "a stalled handshake gets no answer");
                }
            } finally {
                for (Socket socket : stallers) {
                    socket.close();
                }
            }
            awaitStat(client, "curr_connections", "1");
            Map<String, String> stats = TlsTest.stats(client, "stats\r\n");
            assertEquals(Integer.toString(STALLERS), stats.get("ssl_handshake_errors"), stats.toString());
            try (TlsClient late = TlsClient.connect(server.tls(), TlsClient.trusting(certs.cert("ca")))) {
                assertEquals("VALUE k99 0 6\nvalue9\nEND\n", late.ask("get k99\r\n", "END"));
            }
        }
    }

    /** A TLS record header announcing a 16 KiB handshake record, then all of it but one byte. */
    private static void sendMostOfARecord(OutputStream out) throws IOException {
        int length = 16 * 1024;
        byte[] record = new byte[5 + length - 1];
        record[0] = 0x16; // handshake
        record[1] = 0x03;
        record[2] = 0x03; // TLS 1.2 record version, as TLS 1.3 clients send
        record[3] = (byte) (length >> 8);
        record[4] = (byte) length;
        record[5] = 0x01; // client_hello
        out.write(record);
        out.flush();
    }

    private static void awaitStat(TlsClient client, String name, String expected) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String value;
        while (!(value = TlsTest.stats(client, "stats\r\n").get(name)).equals(expected)) {
            assertTrue(System.nanoTime() < deadline, name + " is " + value + ", expected " + expected);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
