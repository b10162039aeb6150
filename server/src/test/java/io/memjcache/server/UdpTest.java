package io.memjcache.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * memcached's UDP transport ({@code -U}): the 8-byte frame header, answers split into datagrams of at most 1,400
 * bytes, the scenarios of memcached's own {@code t/udp.t} (text protocol part) run against this server and against
 * memcached, and hostile datagrams (truncated headers, a claim of 65,535 parts, garbage) that must change nothing.
 */
class UdpTest {

    /** A whole answer: the datagrams' total, and their payloads joined in sequence order. */
    record Answer(int total, int requestId, String text) {}

    @Test
    void udpIsOffByDefault() throws IOException {
        try (MemcachedServer server =
                MemcachedServer.start(ServerConfig.builder().port(0).build())) {
            assertNull(server.udpAddress());
        }
    }

    @Test
    void memcachedsUdpScenariosGiveTheSameAnswersOnBothServers() throws IOException {
        Assumptions.assumeTrue(ReferenceMemcached.isAvailable(), "memcached is not installed");
        int port = ReferenceMemcached.freePort();
        String ours;
        try (MemcachedServer server = MemcachedServer.start(
                ServerConfig.builder().port(0).udpPort(port).build())) {
            ours = scenarios(server.address(), server.udpAddress());
        }
        int referencePort = ReferenceMemcached.freePort();
        String theirs;
        try (ReferenceMemcached memcached = ReferenceMemcached.start("-U", Integer.toString(referencePort))) {
            theirs = scenarios(
                    memcached.address(), new InetSocketAddress(InetAddress.getLoopbackAddress(), referencePort));
        }
        assertEquals(theirs, ours);
    }

    /** What {@code t/udp.t} checks over the text protocol, as a transcript of the answers. */
    private static String scenarios(InetSocketAddress tcp, InetSocketAddress udp) throws IOException {
        StringBuilder transcript = new StringBuilder();
        try (TextConnection conn = new TextConnection(tcp);
                DatagramSocket socket = client()) {
            assertEquals("STORED", conn.call("set foo 0 0 6\r\nfooval"));
            for (int requestId : new int[] {161, 161, 162}) {
                Answer a = request(socket, udp, requestId, "get foo\r\n");
                assertEquals(requestId, a.requestId());
                transcript.append(a).append('\n');
            }
            StringBuilder big = new StringBuilder();
            Random random = new Random(42);
            for (int i = 0; i < 20_000; i++) {
                big.append((char) ('C' + random.nextInt(24)));
            }
            assertEquals("STORED", conn.call("set bigvalue 0 0 20000\r\n" + big));
            Answer bigAnswer = request(socket, udp, 53, "get bigvalue\r\n");
            assertEquals("VALUE bigvalue 0 20000\r\n" + big + "\r\nEND\r\n", bigAnswer.text());
            assertEquals(15, bigAnswer.total(), "20,035 bytes in datagrams of 1,392");
            transcript
                    .append(request(socket, udp, 45, "set aval0 0 0 1\r\n1\r\n"))
                    .append('\n');
            transcript
                    .append(request(socket, udp, 45, "set bval0 0 0 4096\r\n" + "abcd".repeat(1024) + "\r\n"))
                    .append('\n');
            transcript.append(request(socket, udp, 45, "get aval0\r\n")).append('\n');
            transcript.append(request(socket, udp, 45, "get 4040\r\n")).append('\n');
            transcript.append(request(socket, udp, 45, "incr aval0 1\r\n")).append('\n');
            transcript.append(request(socket, udp, 45, "decr aval0 2\r\n")).append('\n');
            transcript.append(request(socket, udp, 45, "delete aval0\r\n")).append('\n');
            transcript.append(request(socket, udp, 46, "mg bval0 s v\r\n")).append('\n');
            assertEquals("abcd".repeat(1024), conn.get("bval0"), "UDP writes are seen over TCP");
        }
        return transcript.toString();
    }

    @Test
    void hostileDatagramsAreDroppedAndChangeNothing() throws IOException {
        try (MemcachedServer server = udpServer();
                TextConnection conn = new TextConnection(server.address());
                DatagramSocket socket = client()) {
            InetSocketAddress udp = server.udpAddress();
            assertEquals("STORED", conn.call("set keep 0 0 4\r\nsafe"));
            // Truncated headers: 0 to 8 bytes, the last one a whole header without a request.
            for (int length = 0; length <= 8; length++) {
                socket.send(new DatagramPacket(new byte[length], length, udp));
            }
            // A header claiming 65,535 parts (memcached accepts only single-datagram requests), and part 2 of 3.
            socket.send(datagram(udp, 1, 0, 65535, "set keep 0 0 4\r\nlost\r\n"));
            socket.send(datagram(udp, 2, 1, 3, "delete keep\r\n"));
            // Garbage after a valid header, an unfinished data block, and a request line that never ends.
            byte[] noise = new byte[1392];
            new Random(7).nextBytes(noise);
            socket.send(withHeader(udp, 3, 0, 1, noise));
            socket.send(datagram(udp, 4, 0, 1, "set keep 0 0 100\r\nonly a little"));
            socket.send(datagram(udp, 5, 0, 1, "get " + "k".repeat(60_000)));
            // The server goes on as if none of them had come (answers to other request ids are skipped here).
            Answer answer = request(socket, udp, 6, "get keep\r\n");
            assertEquals(new Answer(1, 6, "VALUE keep 0 4\r\nsafe\r\nEND\r\n"), answer);
            assertEquals("safe", conn.get("keep"));
            // Datagrams are not connections: only the TCP one is counted.
            assertEquals("1", conn.stats().get("curr_connections"));
            assertTrue(server.isRunning());
        }
    }

    @Test
    void everyDatagramOfALongAnswerCarriesTheHeader() throws IOException {
        try (MemcachedServer server = udpServer();
                TextConnection conn = new TextConnection(server.address());
                DatagramSocket socket = client()) {
            socket.setReceiveBufferSize(1 << 20);
            byte[] value = new byte[100_000];
            java.util.Arrays.fill(value, (byte) 'v');
            conn.send("set large 0 0 100000");
            conn.write(out -> {
                out.write(value);
                out.write(new byte[] {'\r', '\n'});
            });
            assertEquals("STORED", conn.line());
            socket.send(datagram(server.udpAddress(), 0xBEEF, 0, 1, "get large\r\n"));
            int expectedTotal = (int) Math.ceil((23 + 100_000 + 2 + 5) / 1392.0);
            TreeMap<Integer, byte[]> parts = new TreeMap<>();
            while (parts.size() < expectedTotal) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                socket.receive(p);
                assertTrue(p.getLength() <= 1400, "datagram of " + p.getLength());
                ByteBuffer header = ByteBuffer.wrap(p.getData(), 0, 8);
                assertEquals(0xBEEF, header.getShort() & 0xFFFF);
                int seq = header.getShort() & 0xFFFF;
                assertEquals(expectedTotal, header.getShort() & 0xFFFF);
                assertEquals(0, header.getShort());
                parts.put(seq, java.util.Arrays.copyOfRange(p.getData(), 8, p.getLength()));
            }
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            parts.values().forEach(joined::writeBytes);
            byte[] expected = ("VALUE large 0 100000\r\n" + "v".repeat(100_000) + "\r\nEND\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(expected, joined.toByteArray());
        }
    }

    private static MemcachedServer udpServer() throws IOException {
        return MemcachedServer.start(ServerConfig.builder()
                .port(0)
                .udpPort(ReferenceMemcached.freePort())
                .build());
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static Answer request(DatagramSocket socket, InetSocketAddress to, int requestId, String request)
            throws IOException {
        socket.send(datagram(to, requestId, 0, 1, request));
        TreeMap<Integer, String> parts = new TreeMap<>();
        int total = -1;
        while (total < 0 || parts.size() < total) {
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new IOException("no complete answer to " + request.strip() + ": " + parts.keySet(), e);
            }
            ByteBuffer header = ByteBuffer.wrap(p.getData(), 0, 8);
            if ((header.getShort() & 0xFFFF) != requestId) {
                continue;
            }
            int seq = header.getShort() & 0xFFFF;
            total = header.getShort() & 0xFFFF;
            parts.put(seq, new String(p.getData(), 8, p.getLength() - 8, StandardCharsets.ISO_8859_1));
        }
        return new Answer(total, requestId, String.join("", parts.values()));
    }

    private static DatagramPacket datagram(InetSocketAddress to, int requestId, int seq, int total, String body) {
        return withHeader(to, requestId, seq, total, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static DatagramPacket withHeader(InetSocketAddress to, int requestId, int seq, int total, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.putShort((short) requestId)
                .putShort((short) seq)
                .putShort((short) total)
                .putShort((short) 0);
        b.put(body);
        return new DatagramPacket(b.array(), b.capacity(), to);
    }
}
