package io.memjcache.server.abuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.abuse.Wire.Ending;
import io.memjcache.server.testsupport.ReferenceSasl;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile binary-protocol clients: garbage after the magic byte, body lengths of 4 GB, keys longer than the body,
 * extras that lie, SASL payloads huge and empty. After each, the server still serves and a well-behaved client's
 * data is intact; where memcached's answer is exact, the same bytes are required, on both servers. The project's
 * server must also answer a refused length at once, before any of the body it announces has arrived: proof that
 * nothing was allocated or buffered for it.
 *
 * <p>Each test owns its server. No helper accepts or returns {@code null}.
 */
class BinaryAbuseTest {

    private static final int SET = 0x01;
    private static final int GET = 0x00;
    private static final int APPEND = 0x0e;
    private static final int SASL_AUTH = 0x21;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void garbageAfterTheMagicByteLeavesTheServerServing(String serverName) throws IOException {
        abuse(ServerUnderTest.named(serverName), (server, unused) -> {
            Random random = new Random(20_261_207);
            for (int round = 0; round < 300; round++) {
                byte[] garbage = new byte[24 + random.nextInt(200)];
                random.nextBytes(garbage);
                garbage[0] = (byte) 0x80;
                try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(garbage);
                    out.flush();
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void aFourGigabyteBodyIsRefusedAsTooLarge(String serverName) throws IOException {
        abuse(ServerUnderTest.named(serverName), (server, wire) -> {
            // memcached reads the value length as a signed int, so 4 GB minus the key and extras is negative and
            // refused at once; both servers answer "too large" without waiting for the body.
            wire.send(request(SET, "k", new byte[8], 0xFFFF_FFFFL, 1));
            wire.expect(error(SET, 0x03, 1, "Too large."));
        });
    }

    @Test
    void hugeBodiesAreAnsweredBeforeTheyArriveAndCostNothing() throws IOException {
        abuse(ServerUnderTest.bundled(), (server, wire) -> {
            // memcached holds these answers until it has discarded the whole body; this server answers at once.
            wire.send(request(SET, "k", new byte[8], 0x7FFF_FFFFL, 2));
            wire.expect(error(SET, 0x03, 2, "Too large."));
            try (Wire other = new Wire(server.address())) {
                other.send(request(APPEND, "k", new byte[0], 0xFFFF_FFF0L, 3));
                other.expect(error(APPEND, 0x03, 3, "Too large."));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void aKeyLongerThanTheBodyIsAnUnknownCommandAndCloses(String serverName) throws IOException {
        abuse(ServerUnderTest.named(serverName), (server, wire) -> {
            wire.sendIgnoringReset(request(GET, "k".repeat(100), new byte[0], 10, 4));
            assertEquals(new Ending(error(GET, 0x81, 4, "Unknown command"), true), wire.readUntilClosed());
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void extrasThatLieAreInvalidArgumentsAndClose(String serverName) throws IOException {
        abuse(ServerUnderTest.named(serverName), (server, unused) -> {
            String[] lies = {
                request(GET, "k", new byte[8], 9, 5),
                request(SET, "k", new byte[20], 21, 5),
                request(SET, "k", new byte[255], 256, 5),
                request(0x05, "k", new byte[19], 20, 5)
            };
            for (String lie : lies) {
                try (Wire wire = new Wire(server.address())) {
                    wire.sendIgnoringReset(lie);
                    Ending ending = wire.readUntilClosed();
                    assertTrue(ending.closed(), "closed after " + Wire.escape(lie));
                    assertEquals(
                            error(lie.charAt(1), 0x04, 5, "Invalid arguments"),
                            ending.received(),
                            "answer to " + Wire.escape(lie));
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void saslPayloadsHugeOrEmptyLeaveTheServerServing(String serverName) throws IOException {
        try (ServerUnderTest server = saslServer(serverName)) {
            try (Wire empty = new Wire(server.address())) {
                empty.send(request(SASL_AUTH, "PLAIN", new byte[0], 5, 6));
                empty.expect(header(SASL_AUTH, 0x21, 6, 0));
            }
            for (long huge : new long[] {0x7FFF_FFFFL, 0xFFFF_FFFFL}) {
                try (Wire wire = new Wire(server.address())) {
                    wire.send(request(SASL_AUTH, "PLAIN", new byte[0], huge, 7) + "x".repeat(64 * 1024));
                }
            }
            try (Wire wire = new Wire(server.address())) {
                byte[] plain = "\0testuser\0s3cr3t".getBytes(StandardCharsets.US_ASCII);
                wire.send(request(SASL_AUTH, "PLAIN", new byte[0], 5 + plain.length, 8) + latin1(plain));
                wire.expect(header(SASL_AUTH, 0, 8, 13) + "Authenticated");
            }
        }
    }

    @Test
    void aHugeSaslPayloadIsAnsweredOutOfMemoryAtOnce() throws IOException {
        try (ServerUnderTest server = saslServer("memjcache");
                Wire wire = new Wire(server.address())) {
            wire.send(request(SASL_AUTH, "PLAIN", new byte[0], 0xFFFF_FFFFL, 9));
            wire.expect(error(SASL_AUTH, 0x82, 9, "Out of memory"));
        }
    }

    /** One abuse of a server holding a well-behaved client's data, which must be intact afterwards. */
    private interface Abuse {
        void run(ServerUnderTest server, Wire wire) throws IOException;
    }

    private static void abuse(ServerUnderTest server, Abuse abuse) throws IOException {
        try (server;
                KeptData kept = new KeptData(server);
                Wire wire = new Wire(server.address())) {
            abuse.run(server, wire);
            kept.assertIntact();
        }
    }

    private ServerUnderTest saslServer(String serverName) throws IOException {
        if (serverName.equals("memcached")) {
            return ServerUnderTest.reference(ReferenceSasl.environment("testuser", "s3cr3t"), "-S");
        }
        Path users = folder.resolve("pwdb");
        Files.writeString(users, "testuser:s3cr3t\n", StandardCharsets.UTF_8);
        return ServerUnderTest.bundled(builder -> builder.sasl(users));
    }

    /** A request header claiming {@code bodyLength}, then the extras and key (no value). */
    private static String request(int opcode, String key, byte[] extras, long bodyLength, int opaque) {
        ByteBuffer frame = ByteBuffer.allocate(24 + extras.length + key.length());
        frame.put((byte) 0x80).put((byte) opcode).putShort((short) key.length()).put((byte) extras.length);
        frame.put((byte) 0)
                .putShort((short) 0)
                .putInt((int) bodyLength)
                .putInt(opaque)
                .putLong(0);
        frame.put(extras).put(key.getBytes(ISO_8859_1));
        return latin1(frame.array());
    }

    private static String header(int opcode, int status, int opaque, int bodyLength) {
        ByteBuffer frame = ByteBuffer.allocate(24);
        frame.put((byte) 0x81).put((byte) opcode).putShort((short) 0).put((byte) 0);
        frame.put((byte) 0)
                .putShort((short) status)
                .putInt(bodyLength)
                .putInt(opaque)
                .putLong(0);
        return latin1(frame.array());
    }

    private static String error(int opcode, int status, int opaque, String message) {
        return header(opcode, status, opaque, message.length()) + message;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }
}
