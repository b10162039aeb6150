package io.memjcache.server.protocol.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary framing's verdicts on requests whose lengths lie, as memcached 1.6 gives them (the differential
 * scripts check the same against memcached itself), and what each costs: nothing is allocated for a length before
 * it has been checked.
 */
class BinaryFramingTest {

    private static final int MAX_ITEM_SIZE = 1024 * 1024;

    /** One answer: opcode, status, opaque. */
    record Answer(int opcode, int status, int opaque) {}

    @Test
    void bodyLengthOfFourGigabytesIsRefusedAndDiscardedWithoutAllocating() {
        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, false);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        channel.writeInbound(frame(Opcodes.SET, 1, 8, 0xFFFF_FFFFL, 7, new byte[9]));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[100_000]));
        assertEquals(List.of(new Answer(Opcodes.SET, Status.TOO_LARGE.code(), 7)), answers(channel));
        assertEquals(0, probe.largestValueAllocated);
        assertTrue(channel.isOpen());
    }

    @Test
    void keyLongerThanTheBodyIsAnUnknownCommandThatClosesTheConnection() {
        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, false);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        channel.writeInbound(frame(Opcodes.GET, 10, 0, 5, 1, new byte[10]));
        assertEquals(List.of(new Answer(Opcodes.GET, Status.UNKNOWN_COMMAND.code(), 1)), answers(channel));
        assertFalse(channel.isOpen());
        assertEquals(0, probe.executed);
    }

    @Test
    void keyAndExtrasAreAwaitedWholeBeforeAnyVerdictAsMemcachedDoes() {
        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, false);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        channel.writeInbound(frame(Opcodes.GET, 65535, 255, 3, 1, new byte[1000]));
        assertEquals(List.of(), answers(channel));
        assertTrue(channel.isOpen());
        assertTrue(probe.largestInputKept <= 24 + 1000);
    }

    @Test
    void extrasThatDoNotFitTheCommandAreInvalidArguments() {
        for (int[] lie : new int[][] {
            {Opcodes.GET, 1, 8},
            {Opcodes.SET, 1, 4},
            {Opcodes.INCREMENT, 1, 8},
            {Opcodes.TOUCH, 1, 0},
            {Opcodes.NOOP, 0, 4},
            {Opcodes.FLUSH, 0, 2},
            {Opcodes.SASL_AUTH, 0, 0}
        }) {
            EmbeddedChannel channel = new EmbeddedChannel(new FramingProbe(MAX_ITEM_SIZE, false));
            channel.writeInbound(frame(lie[0], lie[1], lie[2], lie[1] + lie[2], 9, new byte[lie[1] + lie[2]]));
            assertEquals(
                    List.of(new Answer(lie[0], Status.INVALID_ARGUMENTS.code(), 9)),
                    answers(channel),
                    "opcode " + lie[0]);
            assertFalse(channel.isOpen());
        }
    }

    @Test
    void keysOverTwoHundredFiftyBytesAreInvalidArguments() {
        EmbeddedChannel channel = new EmbeddedChannel(new FramingProbe(MAX_ITEM_SIZE, false));
        channel.writeInbound(frame(Opcodes.GET, 251, 0, 251, 2, new byte[251]));
        assertEquals(List.of(new Answer(Opcodes.GET, Status.INVALID_ARGUMENTS.code(), 2)), answers(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void unknownOpcodeDiscardsTheBodyLengthAfterTheKeyAsMemcachedDoes() {
        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, false);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        ByteBuf input = Unpooled.wrappedBuffer(
                frame(0x40, 3, 0, 3, 1, new byte[] {'a', 'b', 'c'}),
                Unpooled.wrappedBuffer(new byte[] {'x', 'y', 'z'}),
                frame(Opcodes.NOOP, 0, 0, 0, 2, new byte[0]));
        channel.writeInbound(input);
        assertEquals(
                List.of(
                        new Answer(0x40, Status.UNKNOWN_COMMAND.code(), 1),
                        new Answer(Opcodes.NOOP, Status.SUCCESS.code(), 2)),
                answers(channel));
    }

    @Test
    void aWrongMagicByteClosesWithoutAnAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(new FramingProbe(MAX_ITEM_SIZE, false));
        channel.writeInbound(frame(Opcodes.NOOP, 0, 0, 0, 1, new byte[0]));
        ByteBuf garbage = frame(Opcodes.NOOP, 0, 0, 0, 2, new byte[0]);
        garbage.setByte(0, 0x81);
        channel.writeInbound(garbage);
        assertEquals(List.of(new Answer(Opcodes.NOOP, 0, 1)), answers(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void withSaslOnlyVersionAndSaslRunBeforeAuthentication() {
        EmbeddedChannel refused = new EmbeddedChannel(new FramingProbe(MAX_ITEM_SIZE, true));
        refused.writeInbound(frame(Opcodes.VERSION, 0, 0, 0, 1, new byte[0]));
        refused.writeInbound(frame(Opcodes.GET, 1, 0, 1, 2, new byte[] {'k'}));
        assertEquals(
                List.of(new Answer(Opcodes.VERSION, 0, 1), new Answer(Opcodes.GET, Status.AUTH_ERROR.code(), 2)),
                answers(refused));
        assertFalse(refused.isOpen());

        EmbeddedChannel accepted = new EmbeddedChannel(new FramingProbe(MAX_ITEM_SIZE, true));
        byte[] plain = "PLAIN\0u\0p".getBytes(StandardCharsets.US_ASCII);
        accepted.writeInbound(frame(Opcodes.SASL_AUTH, 5, 0, plain.length, 3, plain));
        accepted.writeInbound(frame(Opcodes.GET, 1, 0, 1, 4, new byte[] {'k'}));
        assertEquals(List.of(new Answer(Opcodes.SASL_AUTH, 0, 3), new Answer(Opcodes.GET, 0, 4)), answers(accepted));
    }

    @Test
    void requestsCutIntoSingleBytesFrameAsWholeOnes() {
        byte[] value = "value".getBytes(StandardCharsets.US_ASCII);
        ByteBuf whole = Unpooled.wrappedBuffer(
                frame(Opcodes.SETQ, 1, 8, 1 + 8 + value.length, 1, concat(new byte[9], value)),
                frame(Opcodes.GETK, 1, 0, 1, 2, new byte[] {'k'}),
                frame(Opcodes.NOOP, 0, 0, 0, 3, new byte[0]));
        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, false);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        while (whole.isReadable()) {
            channel.writeInbound(whole.readRetainedSlice(1));
        }
        whole.release();
        assertEquals(
                List.of(new Answer(Opcodes.SETQ, 0, 1), new Answer(Opcodes.GETK, 0, 2), new Answer(Opcodes.NOOP, 0, 3)),
                answers(channel));
        assertEquals(value.length, probe.largestValueAllocated);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A request header claiming these lengths, followed by {@code body} (which may be shorter or longer). */
    static ByteBuf frame(int opcode, int keyLength, int extrasLength, long bodyLength, int opaque, byte[] body) {
        ByteBuffer header = ByteBuffer.allocate(24);
        header.put((byte) 0x80).put((byte) opcode).putShort((short) keyLength).put((byte) extrasLength);
        header.put((byte) 0)
                .putShort((short) 0)
                .putInt((int) bodyLength)
                .putInt(opaque)
                .putLong(0);
        return Unpooled.wrappedBuffer(header.array(), body);
    }

    private static List<Answer> answers(EmbeddedChannel channel) {
        List<Answer> answers = new ArrayList<>();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            while (buf.isReadable()) {
                int at = buf.readerIndex();
                answers.add(new Answer(buf.getUnsignedByte(at + 1), buf.getUnsignedShort(at + 6), buf.getInt(at + 12)));
                buf.skipBytes(24 + (int) buf.getUnsignedInt(at + 8));
            }
            buf.release();
        }
        return answers;
    }
}
