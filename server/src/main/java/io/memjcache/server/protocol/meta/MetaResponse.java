package io.memjcache.server.protocol.meta;

import io.memjcache.server.net.ConnectionHandler;
import io.memjcache.server.protocol.text.RequestLine;
import io.memjcache.server.support.Ascii;
import io.netty.buffer.ByteBuf;
import java.util.Base64;

/**
 * Writing meta responses: a two-letter code, then space-separated return flags in the order the request gave them.
 * A response line is written straight into the output and can be withdrawn ({@link #discard}) when a quiet
 * request's answer is to be suppressed or an error is found while writing it. Stateless; thread-safe.
 *
 * <p>Internal, not API.
 */
final class MetaResponse {

    private MetaResponse() {}

    /** @return where the response starts, to {@link #discard} it later */
    static int begin(ConnectionHandler c, String code) {
        ByteBuf out = c.out();
        int mark = out.writerIndex();
        out.writeCharSequence(code, java.nio.charset.StandardCharsets.US_ASCII);
        return mark;
    }

    static void discard(ConnectionHandler c, int mark) {
        c.out().writerIndex(mark);
    }

    static void flag(ByteBuf out, char flag) {
        out.writeByte(' ');
        out.writeByte(flag);
    }

    /**
     * Echoes the {@code O} (opaque) and {@code k} (key) flags, the only ones a miss or failure returns.
     *
     * @return false if an opaque token is too long (the caller answers with {@link MetaReplies#OPAQUE_TOO_LONG})
     */
    static boolean echoOpaqueAndKey(ConnectionHandler c, int firstFlag, byte[] key, int keyLength) {
        RequestLine line = c.line;
        for (int t = firstFlag; t < line.count(); t++) {
            byte f = line.byteAt(t, 0);
            if (f == 'O') {
                if (!opaque(c, t)) {
                    return false;
                }
            } else if (f == 'k') {
                key(c.out(), key, keyLength, c.key.base64);
            }
        }
        return true;
    }

    static boolean opaque(ConnectionHandler c, int token) {
        RequestLine line = c.line;
        if (line.length(token) > MetaFlags.MAX_OPAQUE_TOKEN) {
            return false;
        }
        ByteBuf out = c.out();
        out.writeByte(' ');
        out.writeBytes(line.buffer(), line.start(token), line.length(token));
        return true;
    }

    /** {@code k<key>}, base64-encoded and followed by {@code b} when the request's key was. */
    static void key(ByteBuf out, byte[] key, int keyLength, boolean binary) {
        flag(out, 'k');
        if (binary) {
            byte[] k = java.util.Arrays.copyOf(key, keyLength);
            out.writeBytes(Base64.getEncoder().encode(k));
            Ascii.write(out, " b");
        } else {
            out.writeBytes(key, 0, keyLength);
        }
    }

    static void end(ConnectionHandler c) {
        Ascii.crlf(c.out());
    }

    /** An error line, always sent (quiet mode never hides errors). */
    static void error(ConnectionHandler c, byte[] line) {
        c.writeLine(line);
    }
}
