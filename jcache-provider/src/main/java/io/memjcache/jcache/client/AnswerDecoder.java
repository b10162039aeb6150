package io.memjcache.jcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Frames meta-protocol answers from the bytes of an asynchronous channel into {@link AnswerFrame}s, incrementally:
 * a line ended by CR LF ({@code HD}, {@code EN}, {@code NF}, {@code NS}, {@code EX}, {@code MN}, error lines,
 * anything else the command will judge), and after a {@code VA <size> ...} line its data block and CR LF. Bytes
 * are consumed only as whole frames; a partial one waits for more without being scanned again from its start.
 *
 * <p>Bounded: a line longer than {@link #maxLine} bytes, or a data block announced larger than
 * {@link #maxValue} bytes, fails the channel with a {@link TooLongFrameException} (the channel's handler closes it
 * and fails its requests with the reason), so that no answer makes the buffer grow past those limits. A block not
 * followed by CR LF is a {@link CorruptedFrameException}. A {@code VA} line whose size is not a number is passed
 * on without a block, for the command to report as unexpected (the channel is then out of step and closed).
 *
 * <p>Not thread-safe: one instance per channel, used by its I/O thread.
 */
final class AnswerDecoder extends ByteToMessageDecoder {

    /** The longest answer line accepted, as for blocking connections. */
    static final int MAX_LINE = 64 * 1024;

    private final int maxLine;
    private final int maxValue;

    /** The line of a {@code VA} answer whose block has not fully arrived yet, or null between frames. */
    private @Nullable ResponseLine pendingLine;

    private int pendingSize = -1;
    /** Bytes of the current line already scanned without finding its end. */
    private int scanned;
    /** Whether the decoder failed: the stream's position is lost for good. */
    private boolean failed;

    AnswerDecoder() {
        this(MAX_LINE, MetaConnection.MAX_VALUE_BYTES);
    }

    /**
     * @param maxLine  the longest line accepted, in bytes
     * @param maxValue the largest data block accepted, in bytes
     */
    AnswerDecoder(int maxLine, int maxValue) {
        this.maxLine = maxLine;
        this.maxValue = maxValue;
    }

    /** @return whether the decoder failed; it then drops every byte (its channel is being closed) */
    boolean failed() {
        return failed;
    }

    /** @return the bytes received and not yet framed */
    int buffered() {
        return internalBuffer().readableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) throws TooLongFrameException {
        if (failed) { // the channel is closing: what still arrives is dropped, not buffered
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (TooLongFrameException | CorruptedFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (true) {
            if (pendingLine == null) {
                ResponseLine line = readLine(in);
                if (line == null) {
                    return;
                }
                int size = blockSize(line);
                if (size < 0) {
                    out.add(new AnswerFrame(line, null));
                    continue;
                }
                pendingLine = line;
                pendingSize = size;
            }
            ResponseLine line = pendingLine;
            if (in.readableBytes() < pendingSize + 2L) {
                return;
            }
            byte[] value = new byte[pendingSize];
            in.readBytes(value);
            if (in.readByte() != '\r' || in.readByte() != '\n') {
                throw new CorruptedFrameException(
                        "value block of " + pendingSize + " bytes not followed by CRLF after '" + line + "'");
            }
            out.add(new AnswerFrame(line, value));
            pendingLine = null;
            pendingSize = -1;
        }
    }

    /** @return the next whole line without its line end, or null if it has not fully arrived */
    private @Nullable ResponseLine readLine(ByteBuf in) throws TooLongFrameException {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int end = in.indexOf(start + scanned, start + Math.min(readable, maxLine + 2), (byte) '\n');
        if (end < 0) {
            scanned = Math.min(readable, maxLine + 2);
            if (readable > maxLine + 1) {
                throw new TooLongFrameException("answer line longer than " + maxLine + " bytes");
            }
            return null;
        }
        scanned = 0;
        int length = end - start;
        if (length > 0 && in.getByte(end - 1) == '\r') {
            length--;
        }
        String text = in.toString(start, length, StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 1);
        return ResponseLine.parse(text);
    }

    /** @return the data block size a {@code VA} line announces, or -1 for a line without a (well-formed) block */
    private int blockSize(ResponseLine line) throws TooLongFrameException {
        if (!line.code().equals("VA")) {
            return -1;
        }
        String token;
        try {
            token = line.token(0);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long size;
        try {
            size = Long.parseLong(token);
        } catch (NumberFormatException e) {
            return -1;
        }
        if (size < 0) {
            return -1;
        }
        if (size > maxValue) {
            throw new TooLongFrameException(
                    "value block of " + size + " bytes announced; the limit is " + maxValue + " bytes");
        }
        return (int) size;
    }
}
