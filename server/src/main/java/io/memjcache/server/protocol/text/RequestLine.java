package io.memjcache.server.protocol.text;

import io.memjcache.server.support.CNumbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The tokens of one request line, found in place in the connection's input buffer: only offsets are recorded, no
 * bytes copied. Tokens are separated by spaces only, as memcached does (a tab belongs to the token). Numbers are
 * parsed with the exact rules of memcached's {@code safe_strto*} helpers, quirks included, because clients rely on
 * the answers those rules produce. One per connection; not thread-safe; never null fields after {@link #parse}.
 *
 * <p>Internal, not API.
 */
public final class RequestLine {

    private ByteBuf buf = Unpooled.EMPTY_BUFFER;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;
    private int lineStart;
    private int lineEnd;
    /** The value produced by the last successful {@code parse*} call. */
    public long number;

    /** Where {@link CNumbers} leaves its result; copied to {@link #number} on success. */
    private final long[] parsed = new long[1];

    /** Tokenizes {@code buf[start, end)}; the line ends at the first NUL byte, as a C string would. */
    public void parse(ByteBuf buf, int start, int end) {
        this.buf = buf;
        int nul = buf.indexOf(start, end, (byte) 0);
        if (nul >= 0) {
            end = nul;
        }
        this.lineStart = start;
        this.lineEnd = end;
        count = 0;
        int i = start;
        while (i < end) {
            while (i < end && buf.getByte(i) == ' ') {
                i++;
            }
            if (i >= end) {
                break;
            }
            int s = i;
            while (i < end && buf.getByte(i) != ' ') {
                i++;
            }
            add(s, i);
        }
    }

    private void add(int s, int e) {
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, count * 2);
            ends = java.util.Arrays.copyOf(ends, count * 2);
        }
        starts[count] = s;
        ends[count] = e;
        count++;
    }

    public int count() {
        return count;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public int start(int token) {
        return starts[token];
    }

    public int length(int token) {
        return ends[token] - starts[token];
    }

    public byte byteAt(int token, int index) {
        return buf.getByte(starts[token] + index);
    }

    public boolean is(int token, String word) {
        int len = word.length();
        if (token >= count || length(token) != len) {
            return false;
        }
        int s = starts[token];
        for (int i = 0; i < len; i++) {
            if (buf.getByte(s + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean startsWith(int token, String prefix) {
        if (token >= count || length(token) < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf.getByte(starts[token] + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the last token is {@code noreply} (memcached's {@code set_noreply_maybe}) */
    boolean endsWithNoreply() {
        return count > 1 && is(count - 1, "noreply");
    }

    String text(int token) {
        return buf.toString(starts[token], length(token), StandardCharsets.ISO_8859_1);
    }

    String lineText() {
        return buf.toString(lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
    }

    /** {@code safe_strtol}: a signed decimal that fits in 64 bits, then truncated to 32 bits like the C code. */
    public boolean parseInt32(int token) {
        return parseInt32(starts[token], ends[token]);
    }

    public boolean parseInt32(int from, int to) {
        if (!CNumbers.strtol(buf, from, to, parsed)) {
            return false;
        }
        number = parsed[0];
        int truncated = (int) number; // the low 32 bits, sign-extended: C's store into an int32_t
        number = truncated;
        return true;
    }

    /** {@code safe_strtoul}: unsigned, truncated to 32 bits; a minus sign is refused only if it shows. */
    public boolean parseUInt32(int token) {
        return parseUInt32(starts[token], ends[token]);
    }

    public boolean parseUInt32(int from, int to) {
        if (!CNumbers.strtoul(buf, from, to, parsed)) {
            return false;
        }
        number = parsed[0] & 0xFFFFFFFFL;
        return true;
    }

    /** {@code safe_strtoull}: unsigned 64-bit (the result is a Java long holding the same bits). */
    public boolean parseUInt64(int token) {
        return parseUInt64(starts[token], ends[token]);
    }

    public boolean parseUInt64(int from, int to) {
        return stored(CNumbers.strtoul(buf, from, to, parsed));
    }

    /** {@code safe_strtoll}: signed 64-bit. */
    public boolean parseInt64(int from, int to) {
        return stored(CNumbers.strtol(buf, from, to, parsed));
    }

    private boolean stored(boolean ok) {
        if (ok) {
            number = parsed[0];
        }
        return ok;
    }

    public int end(int token) {
        return ends[token];
    }

    /**
     * @return whether the unfinished line in {@code in[start, end)} is a {@code get}/{@code gets} key list, which
     *     memcached keeps reading past the usual line limit
     */
    public static boolean looksLikeKeyLine(ByteBuf in, int start, int end) {
        int i = start;
        while (i < end && i - start <= 100 && in.getByte(i) == ' ') {
            i++;
        }
        if (i - start > 100) {
            return false;
        }
        return startsWith(in, i, end, "get ") || startsWith(in, i, end, "gets ");
    }

    private static boolean startsWith(ByteBuf in, int at, int end, String word) {
        if (end - at < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (in.getByte(at + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
