package io.memjcache.server.protocol.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memjcache.server.testsupport.SplitInput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Arbitrary bytes, cut into pieces at arbitrary points, framed by {@link BinaryFraming} in an
 * {@link EmbeddedChannel} (through {@link FramingProbe}): nothing may throw, no value array may exceed the item
 * size limit whatever the header claims, the input kept between reads never exceeds one header with its largest
 * possible extras and key, and every answer is a well-formed response frame.
 *
 * <p>In CI the method replays its seed corpus ({@code BinaryFramingFuzzTestInputs/binaryRequests/} under the test
 * resources: the binary compatibility scripts' requests). To fuzz, set {@code JAZZER_FUZZ=1} and run it, e.g.
 * {@code JAZZER_FUZZ=1 mvn -o -pl server -am verify -Dtest='BinaryFramingFuzzTest'
 * -Dsurefire.failIfNoSpecifiedTests=false}; findings are written next to the seeds and then replayed by every run.
 */
class BinaryFramingFuzzTest {

    private static final int MAX_ITEM_SIZE = 64 * 1024;
    private static final int MAX_PIECES = 16;
    private static final int LARGEST_REQUEST_PREFIX = BinaryFraming.HEADER_LENGTH + 255 + 65535;

    // Request headers of common commands: magic, opcode, key length 1, and for storage 8 bytes of extras.
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({
        "\\x80\\x00\\x00\\x01\\x00\\x00\\x00\\x00",
        "\\x80\\x01\\x00\\x01\\x08\\x00\\x00\\x00",
        "\\x80\\x05\\x00\\x01\\x14\\x00\\x00\\x00",
        "\\x80\\x0a\\x00\\x00\\x00\\x00\\x00\\x00",
        "\\x80\\x1c\\x00\\x01\\x04\\x00\\x00\\x00",
        "\\x80\\x21\\x00\\x05\\x00\\x00\\x00\\x00PLAIN",
        "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00",
        "\\xff\\xff\\xff\\xff",
        "\\x00u\\x00p"
    })
    void binaryRequests(FuzzedDataProvider data) {
        boolean sasl = data.consumeBoolean();
        SplitInput split = SplitInput.consume(data, MAX_PIECES);
        byte[] input = split.bytes();
        int[] cuts = split.cuts();

        FramingProbe probe = new FramingProbe(MAX_ITEM_SIZE, sasl);
        EmbeddedChannel channel = new EmbeddedChannel(probe);
        int from = 0;
        for (int i = 0; i <= cuts.length && channel.isOpen(); i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (to > from) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, from, to - from));
                channel.runPendingTasks();
                checkResponses(channel);
                from = to;
            }
        }
        assertTrue(probe.largestValueAllocated <= MAX_ITEM_SIZE, "value array of " + probe.largestValueAllocated);
        assertTrue(probe.largestInputKept < LARGEST_REQUEST_PREFIX, "kept " + probe.largestInputKept + " bytes");
        channel.finishAndReleaseAll();
    }

    /** Every answer is whole frames, each a response header whose body length matches what follows. */
    private static void checkResponses(EmbeddedChannel channel) {
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            try {
                while (buf.isReadable()) {
                    assertTrue(buf.readableBytes() >= BinaryFraming.HEADER_LENGTH, "a partial header");
                    assertEquals(BinaryResponses.RESPONSE_MAGIC, buf.getUnsignedByte(buf.readerIndex()));
                    long body = buf.getUnsignedInt(buf.readerIndex() + 8);
                    assertTrue(buf.readableBytes() >= BinaryFraming.HEADER_LENGTH + body, "a partial body");
                    buf.skipBytes(BinaryFraming.HEADER_LENGTH + (int) body);
                }
            } finally {
                buf.release();
            }
        }
    }
}
