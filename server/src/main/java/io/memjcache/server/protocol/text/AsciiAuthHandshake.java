package io.memjcache.server.protocol.text;

import io.memjcache.server.auth.AuthFile;
import io.memjcache.server.support.CNumbers;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text protocol of a connection that has not authenticated yet ({@code -Y}), as memcached 1.6 speaks it: a
 * line {@code set <key> <flags> <exptime> <bytes>} (only the command and the byte count are looked at) announces a
 * data block read as {@code <user> <password>}; it is answered {@code STORED} when they are an entry of the
 * {@link AuthFile}, and the connection is authenticated from then on (nothing is stored). Every other line is
 * answered {@code CLIENT_ERROR unauthenticated}, {@code quit} included. A line of more than 2048 bytes without a
 * newline closes the connection.
 *
 * <p>Unlike memcached 1.6.18, which loses the answers of commands pipelined before authentication, every line gets
 * its answer. The data block is read as it arrives and only the first two tokens are kept (at most
 * {@value #MAX_TOKEN} bytes each: no entry of the file is longer), so a large block costs no memory.
 *
 * <p>Not thread-safe: confined to its connection's event loop. Nothing is null.
 */
public final class AsciiAuthHandshake {

    /** What {@link #process} did. */
    public enum Result {
        /** Everything readable was consumed, or what is there is not enough for the next step. */
        NEED_MORE,
        /** One line or data block was answered; call again for the rest. */
        ANSWERED,
        /** The connection authenticated; what follows in the buffer is ordinary requests. */
        AUTHENTICATED,
        /** The connection must be closed (an endless line). */
        CLOSE
    }

    /** Where answers and counts go. */
    public interface Sink {
        /** Writes one answer line (without its {@code \r\n}). */
        void reply(byte[] line);

        /** Counts one authentication attempt ({@code auth_cmds}, and {@code auth_errors} when it failed). */
        void attempted(boolean succeeded);
    }

    private static final int MAX_LINE = 2048;
    private static final int MAX_TOKEN = 256;
    private static final byte[] UNAUTHENTICATED = ascii("CLIENT_ERROR unauthenticated");
    private static final byte[] BAD_TERMINATION = ascii("CLIENT_ERROR bad command line termination");
    private static final byte[] BAD_FORMAT = ascii("CLIENT_ERROR bad authentication token format");
    private static final byte[] FAILURE = ascii("CLIENT_ERROR authentication failure");
    private static final byte[] STORED = ascii("STORED");
    private static final byte[] SET = ascii("set");

    private final AuthFile users;

    /** Bytes of the data block still to come (its terminator included); -1 between blocks. */
    private long remaining = -1;
    /** The block's length without its terminator. */
    private long blockLength;
    /** Position in the block. */
    private long position;
    /** Whether a NUL was seen: memcached reads the block as a C string, so nothing after it counts. */
    private boolean ended;

    private final byte[][] tokens = {new byte[MAX_TOKEN], new byte[MAX_TOKEN]};
    private final int[] tokenLengths = new int[2];
    private int tokenCount;
    private boolean inToken;
    private final byte[] terminator = new byte[2];

    public AsciiAuthHandshake(AuthFile users) {
        this.users = users;
    }

    /**
     * Consumes the next request from {@code in}: answers it, or takes what there is of it and asks for more.
     * Called again as long as it returns {@link Result#ANSWERED} and input is left.
     */
    public Result process(ByteBuf in, Sink sink) {
        if (in.isReadable()) {
            if (remaining >= 0) {
                if (!readBlock(in)) {
                    return Result.NEED_MORE;
                }
                return finishBlock(sink) ? Result.AUTHENTICATED : Result.ANSWERED;
            }
            int start = in.readerIndex();
            int available = in.readableBytes();
            // memcached waits for two bytes before looking for a line: no command is shorter.
            if (available < 2) {
                return Result.NEED_MORE;
            }
            int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (newline < 0) {
                return available > MAX_LINE ? Result.CLOSE : Result.NEED_MORE;
            }
            long size = announcedSize(in, start, newline);
            in.readerIndex(newline + 1);
            if (size < 0) {
                sink.reply(UNAUTHENTICATED);
                return Result.ANSWERED;
            }
            startBlock(size);
            return in.isReadable() ? process(in, sink) : Result.NEED_MORE;
        }
        return Result.NEED_MORE;
    }

    /**
     * @return the byte count of a {@code set} line, or -1 for any other line. Like memcached, the line is split at
     *     spaces with its {@code \r} left in (the number parser stops at it), needs at least five tokens, and the
     *     count is read as C's {@code strtoul} reads it, cut to 32 bits.
     */
    private static long announcedSize(ByteBuf in, int start, int end) {
        int[] bounds = new int[10];
        int count = 0;
        int i = start;
        while (i < end && count < 5) {
            while (i < end && in.getByte(i) == ' ') {
                i++;
            }
            if (i == end) {
                break;
            }
            int tokenStart = i;
            while (i < end && in.getByte(i) != ' ') {
                i++;
            }
            bounds[count * 2] = tokenStart;
            bounds[count * 2 + 1] = i;
            count++;
        }
        if (count < 5 || bounds[1] - bounds[0] != 3) {
            return -1;
        }
        for (int k = 0; k < 3; k++) {
            if (in.getByte(bounds[0] + k) != SET[k]) {
                return -1;
            }
        }
        return strtoul32(in, bounds[8], bounds[9]);
    }

    /** C's {@code strtoul} as memcached's {@code safe_strtoul} uses it, cut to 32 bits; -1 if refused. */
    private static long strtoul32(ByteBuf in, int from, int to) {
        long[] parsed = new long[1];
        return CNumbers.strtoul(in, from, to, parsed) ? parsed[0] & 0xffff_ffffL : -1;
    }

    private void startBlock(long size) {
        blockLength = size;
        remaining = size + 2;
        position = 0;
        ended = false;
        tokenCount = 0;
        inToken = false;
        tokenLengths[0] = 0;
        tokenLengths[1] = 0;
        terminator[0] = 0;
        terminator[1] = 0;
    }

    /** @return whether the whole block has arrived */
    private boolean readBlock(ByteBuf in) {
        while (remaining > 0 && in.isReadable()) {
            byte b = in.readByte();
            remaining--;
            long index = position++;
            if (index >= blockLength) {
                terminator[(int) (index - blockLength) & 1] = b;
            } else {
                tokenize(b);
            }
        }
        return remaining == 0;
    }

    private void tokenize(byte b) {
        if (ended || (tokenCount == 2 && !inToken)) {
            return;
        }
        if (b == 0) {
            ended = true;
            inToken = false;
        } else if (b == ' ') {
            inToken = false;
        } else {
            if (!inToken) {
                if (tokenCount == 2) {
                    return;
                }
                inToken = true;
                tokenCount++;
            }
            int t = tokenCount - 1;
            if (tokenLengths[t] < MAX_TOKEN) {
                tokens[t][tokenLengths[t]] = b;
            }
            tokenLengths[t]++;
        }
    }

    /** Answers the block. @return whether the connection authenticated */
    private boolean finishBlock(Sink sink) {
        remaining = -1;
        if (terminator[0] != '\r' || terminator[1] != '\n') {
            sink.reply(BAD_TERMINATION);
            return false;
        }
        if (tokenCount < 2) {
            sink.reply(BAD_FORMAT);
            return false;
        }
        boolean ok = tokenLengths[0] <= MAX_TOKEN
                && tokenLengths[1] <= MAX_TOKEN
                && users.check(Arrays.copyOf(tokens[0], tokenLengths[0]), Arrays.copyOf(tokens[1], tokenLengths[1]));
        sink.attempted(ok);
        sink.reply(ok ? STORED : FAILURE);
        Arrays.fill(tokens[1], (byte) 0); // the password does not outlive its check
        return ok;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "AsciiAuthHandshake[" + (remaining >= 0 ? "reading token" : "awaiting set") + "]";
    }
}
