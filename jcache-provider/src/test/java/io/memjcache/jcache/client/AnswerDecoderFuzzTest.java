package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link AnswerDecoder}, the asynchronous client's framing of answers: whatever bytes a server sends, the
 * decoder frames them or fails the channel with a {@link DecoderException} (a line or a block over its limit, a
 * block not ended by CR LF), never anything else; it allocates nothing for sizes only announced (small limits
 * here); and the bytes split in two at any point frame exactly as they do whole, up to the same failure.
 *
 * <p>Input: the first two bytes choose where to split, the rest is the server's bytes. CI runs the seeds under
 * {@code src/test/resources/.../AnswerDecoderFuzzTestInputs/answerBytes/} (regression mode); a fuzzing run:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl jcache-provider -am verify -Dtest=AnswerDecoderFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Single-threaded, as Jazzer runs it.
 */
class AnswerDecoderFuzzTest {

    private static final int MAX_LINE = 256;
    private static final int MAX_VALUE = 4096;

    @FuzzTest(maxDuration = "5m")
    void answerBytes(byte[] input) {
        if (input.length < 2) {
            return;
        }
        byte[] answers = Arrays.copyOfRange(input, 2, input.length);
        int split = ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % (answers.length + 1);
        List<Object> whole = decode(List.of(answers));
        List<Object> halves = decode(
                List.of(Arrays.copyOfRange(answers, 0, split), Arrays.copyOfRange(answers, split, answers.length)));
        assertEquals(whole, halves, "split at " + split);
    }

    /** @return the frames as text, then the failure's class if the decoder failed */
    private static List<Object> decode(List<byte[]> parts) {
        EmbeddedChannel channel = new EmbeddedChannel(new AnswerDecoder(MAX_LINE, MAX_VALUE));
        List<Object> seen = new ArrayList<>();
        try {
            for (byte[] part : parts) {
                channel.writeInbound(Unpooled.wrappedBuffer(part));
            }
        } catch (DecoderException e) {
            seen.add(e.getClass());
        }
        List<Object> frames = new ArrayList<>();
        for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            frames.add(frame.toString());
        }
        frames.addAll(seen);
        channel.finishAndReleaseAll();
        return frames;
    }
}
