package io.memjcache.server.net;

import io.memjcache.server.protocol.text.RequestLine;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The input framing of one connection: request lines, each tokenized in place into the connection's
 * {@link RequestLine} and executed, and the data block of a storage request, read straight into the item it will
 * become (never into the input buffer), or the bytes of a refused block, discarded. A line other than
 * {@code get}/{@code gets} may not exceed 2048 bytes without a newline and a key line 1 MiB: memcached closes such
 * connections, and so does this one. Internal, not API.
 *
 * <p>Not thread-safe: confined to its connection's event loop. The target and completion are null when no block is
 * expected.
 */
final class RequestFraming {

    /** The longest line memcached waits for the end of, except a {@code get}/{@code gets} key list. */
    static final int MAX_LINE = 2048;
    /** The longest key list memcached waits for the end of. */
    static final int MAX_KEY_LINE = 1024 * 1024;

    /** Data block being read: the item array, where the value starts, and how much is filled. */
    private byte @Nullable [] target;

    private int filled;
    private @Nullable DataCompletion completion;
    /** Bytes still to discard after a refused storage request. */
    private long swallowRemaining;

    /** @return whether the next input belongs to a data block rather than to a request line */
    boolean inBlock() {
        return swallowRemaining > 0 || (target != null && completion != null);
    }

    /** Reads into {@code data} from {@code keyLength} on; {@code completion} runs once it is full. */
    void expect(byte[] data, int keyLength, DataCompletion completion) {
        this.target = data;
        this.filled = keyLength;
        this.completion = completion;
    }

    /** Discards the next {@code bytes} bytes of input. */
    void swallow(long bytes) {
        this.swallowRemaining = bytes;
    }

    /**
     * Takes what it can from {@code in}.
     *
     * @return false if the block needs more input than there is
     */
    boolean readBlock(ByteBuf in, ConnectionHandler c) {
        if (swallowRemaining > 0) {
            int n = (int) Math.min(swallowRemaining, in.readableBytes());
            in.skipBytes(n);
            swallowRemaining -= n;
            return true;
        }
        byte[] data = target;
        DataCompletion done = completion;
        if (data == null || done == null) {
            return true;
        }
        int n = Math.min(data.length - filled, in.readableBytes());
        in.readBytes(data, filled, n);
        filled += n;
        if (filled < data.length) {
            return false;
        }
        target = null;
        completion = null;
        c.state = "conn_new_cmd";
        boolean valid = data[data.length - 2] == '\r' && data[data.length - 1] == '\n';
        done.complete(c, data, valid);
        return true;
    }

    /**
     * Frames the next request line and executes it.
     *
     * @return false if the line is not complete yet
     */
    boolean readLine(ByteBuf in, ConnectionHandler c) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int newline = in.indexOf(start, end, (byte) '\n');
        if (newline < 0) {
            int waiting = end - start;
            if (waiting > MAX_LINE && (!RequestLine.looksLikeKeyLine(in, start, end) || waiting > MAX_KEY_LINE)) {
                // memcached drops a connection whose line will not end; answering would only desynchronise it.
                c.closeForProtocolError();
            }
            return false;
        }
        int lineEnd = newline;
        if (lineEnd - start > 1 && in.getByte(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        in.readerIndex(newline + 1);
        c.line.parse(in, start, lineEnd);
        c.execute();
        return true;
    }

    /** The connection closed before the block arrived: whatever was reserved for it is released. */
    void abandon() {
        DataCompletion pending = completion;
        target = null;
        completion = null;
        if (pending != null) {
            pending.abandon();
        }
    }
}
