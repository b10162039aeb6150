package io.memjcache.server.support;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes protocol text into buffers without making strings for numbers. Stateless; thread-safe. Internal, not API. */
public final class Ascii {

    private static final byte[] CRLF = {'\r', '\n'};

    private Ascii() {}

    /** Upper-case hexadecimal digits, for memcached's URI encoding of keys. */
    public static final byte[] HEX = bytes("0123456789ABCDEF");

    /**
     * @return whether memcached's {@code uriencode} keeps the byte as it is (letters, digits, {@code - . _ ~});
     *     every other byte becomes {@code %XX}, as in metadump and watch lines
     */
    public static boolean uriSafe(int b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '.'
                || b == '_'
                || b == '~';
    }

    /** Writes the line terminator {@code \r\n}. */
    public static void crlf(ByteBuf out) {
        out.writeBytes(CRLF);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes ASCII text without making a byte array for it. */
    public static void write(ByteBuf out, String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
    }

    /** Writes a signed decimal. */
    public static void writeLong(ByteBuf out, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                out.writeCharSequence("-9223372036854775808", StandardCharsets.ISO_8859_1);
                return;
            }
            out.writeByte('-');
            v = -v;
        }
        writeUnsigned(out, v);
    }

    /** Writes the 64 bits of {@code v} as an unsigned decimal. */
    public static void writeUnsigned(ByteBuf out, long v) {
        int length = 1;
        for (long rest = Long.divideUnsigned(v, 10); rest != 0; rest /= 10) {
            length++;
        }
        out.ensureWritable(length);
        int end = out.writerIndex() + length;
        int pos = end;
        do {
            long q = Long.divideUnsigned(v, 10);
            out.setByte(--pos, '0' + (int) (v - q * 10));
            v = q;
        } while (v != 0);
        out.writerIndex(end);
    }

    /** @return the unsigned decimal digits of {@code v} */
    public static byte[] unsignedDigits(long v) {
        return Long.toUnsignedString(v).getBytes(StandardCharsets.ISO_8859_1);
    }
}
