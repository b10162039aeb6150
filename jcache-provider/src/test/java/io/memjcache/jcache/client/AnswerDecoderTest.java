package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerDecoder} on an {@link EmbeddedChannel}: every kind of meta answer, delivered whole, split at every
 * byte boundary and byte by byte, frames the same; a line or a value block over its limit fails the channel
 * without buffering it.
 */
class AnswerDecoderTest {

    /** One of each answer the asynchronous client can get, values with CR LF and spaces inside. */
    private static final String ANSWERS = "VA 5 c12 f3 t-1\r\nhello\r\n"
            + "HD\r\nHD c99\r\nEN\r\nNF\r\nNS\r\nEX\r\nMN\r\n"
            + "VA 0\r\n\r\n"
            + "VA 7 c1\r\na\r\nb c \r\n"
            + "SERVER_ERROR object too large for cache\r\nCLIENT_ERROR bad command line format\r\nERROR\r\n"
            + "VA x\r\n"
            + "STORED\r\n";

    private static final List<String> FRAMES = List.of(
            "VA 5 c12 f3 t-1 + hello",
            "HD",
            "HD c99",
            "EN",
            "NF",
            "NS",
            "EX",
            "MN",
            "VA 0 + ",
            "VA 7 c1 + a\r\nb c ",
            "SERVER_ERROR object too large for cache",
            "CLIENT_ERROR bad command line format",
            "ERROR",
            "VA x",
            "STORED");

    @Test
    void framesEveryAnswerKindDeliveredWhole() {
        assertEquals(FRAMES, decode(List.of(bytes(ANSWERS))));
    }

    @Test
    void framesTheSameWhenSplitAtEveryByteBoundary() {
        byte[] all = bytes(ANSWERS);
        for (int split = 1; split < all.length; split++) {
            List<byte[]> parts = List.of(Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length));
            assertEquals(FRAMES, decode(parts), "split at " + split);
        }
    }

    @Test
    void framesTheSameDeliveredByteByByte() {
        byte[] all = bytes(ANSWERS);
        List<byte[]> parts = new ArrayList<>();
        for (byte b : all) {
            parts.add(new byte[] {b});
        }
        assertEquals(FRAMES, decode(parts));
    }

    @Test
    void aLineOverItsLimitFailsTheChannelWithoutBufferingIt() {
        AnswerDecoder decoder = new AnswerDecoder(16, 1024);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        TooLongFrameException e = assertThrows(
                TooLongFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("HD " + "x".repeat(40)))));
        assertTrue(e.getMessage().contains("longer than 16 bytes"), e.getMessage());
        assertTrue(decoder.failed());
        // What still arrives until the channel closes is dropped, not kept.
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(bytes("HD\r\n".repeat(1000)))));
        assertEquals(0, decoder.buffered());
        channel.finishAndReleaseAll();
    }

    @Test
    void aValueOverItsLimitFailsTheChannelBeforeItsBytesArrive() {
        EmbeddedChannel channel = new EmbeddedChannel(new AnswerDecoder(1024, 1000));
        TooLongFrameException e = assertThrows(
                TooLongFrameException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("VA 1001\r\n"))));
        assertTrue(e.getMessage().contains("1001 bytes announced; the limit is 1000"), e.getMessage());
        channel.finishAndReleaseAll();
    }

    @Test
    void aValueNotEndedByCrLfIsCorrupt() {
        EmbeddedChannel channel = new EmbeddedChannel(new AnswerDecoder());
        assertThrows(
                CorruptedFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes("VA 2\r\nabcd\r\n"))));
        channel.finishAndReleaseAll();
    }

    @Test
    void aPartialAnswerIsKeptUntilItsRestArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new AnswerDecoder());
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(bytes("VA 3 c1\r\nab"))));
        assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(bytes("c\r\nHD\r\n"))));
        assertEquals("VA 3 c1 + abc", describe(channel.readInbound()));
        assertEquals("HD", describe(channel.readInbound()));
        assertFalse(channel.finish());
    }

    /** @return the frames decoded from {@code parts}, delivered one after the other, as text */
    static List<String> decode(List<byte[]> parts) {
        EmbeddedChannel channel = new EmbeddedChannel(new AnswerDecoder());
        for (byte[] part : parts) {
            channel.writeInbound(Unpooled.wrappedBuffer(part));
        }
        List<String> frames = new ArrayList<>();
        for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            frames.add(describe(frame));
        }
        channel.finishAndReleaseAll();
        return frames;
    }

    private static String describe(Object message) {
        AnswerFrame frame = (AnswerFrame) message;
        byte[] value = frame.value();
        return value == null
                ? frame.line().text()
                : frame.line().text() + " + " + new String(value, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
