package io.memjcache.benchmarks.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * How each protocol asks for a key and stores a value, as a client writes it, and what the server answers when the
 * get hits and the set stores. The ASCII protocols are described by format strings; binary overrides every method,
 * and its answers are compared with their CAS fields zeroed (the server chooses them). Stateless; nothing is null.
 */
enum Requests {
    TEXT("get %s\r\n", "set %s 0 0 %d\r\n", "VALUE %s 0 %d\r\n", "\r\nEND\r\n", "STORED\r\n"),
    META("mg %s v f t\r\n", "ms %s %d T0 F0\r\n", "VA %2$d f0 t-1\r\n", "\r\n", "HD\r\n"),
    BINARY("", "", "", "", "") {
        @Override
        void get(ByteBuf out, byte[] key) {
            header(out, REQUEST, GETK, key.length, 0, key.length).writeBytes(key);
        }

        @Override
        void set(ByteBuf out, byte[] key, byte[] value) {
            header(out, REQUEST, SET, key.length, 8, 8 + key.length + value.length)
                    .writeInt(0) // flags
                    .writeInt(0) // expiry
                    .writeBytes(key)
                    .writeBytes(value);
        }

        @Override
        String hit(byte[] key, String value) {
            ByteBuf answer = Unpooled.buffer();
            header(answer, RESPONSE, GETK, key.length, 4, 4 + key.length + value.length())
                    .writeInt(0)
                    .writeBytes(key);
            ascii(answer, value);
            return release(answer);
        }

        @Override
        String stored() {
            return release(header(Unpooled.buffer(), RESPONSE, SET, 0, 0, 0));
        }

        @Override
        String comparable(String answers) {
            byte[] bytes = answers.getBytes(StandardCharsets.ISO_8859_1);
            for (int at = 0; at + 24 <= bytes.length; ) {
                int body = ((bytes[at + 8] & 0xFF) << 24)
                        | ((bytes[at + 9] & 0xFF) << 16)
                        | ((bytes[at + 10] & 0xFF) << 8)
                        | (bytes[at + 11] & 0xFF);
                Arrays.fill(bytes, at + 16, at + 24, (byte) 0);
                at += 24 + body;
            }
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    };

    private static final int REQUEST = 0x80;
    private static final int RESPONSE = 0x81;
    private static final int SET = 0x01;
    private static final int GETK = 0x0C;

    /** An ASCII protocol's get line, with the key for {@code %s}. */
    private final String getLine;
    /** An ASCII protocol's set line, with the key for {@code %s} and the value's length for {@code %d}. */
    private final String setLine;
    /** What comes before the value in the answer to a hit, formatted like {@link #setLine}. */
    private final String hitHeader;
    /** What comes after the value in the answer to a hit. */
    private final String hitTrailer;
    /** The answer to a set that stored. */
    private final String stored;

    Requests(String getLine, String setLine, String hitHeader, String hitTrailer, String stored) {
        this.getLine = getLine;
        this.setLine = setLine;
        this.hitHeader = hitHeader;
        this.hitTrailer = hitTrailer;
        this.stored = stored;
    }

    /** Appends a request for {@code key}'s value. */
    void get(ByteBuf out, byte[] key) {
        ascii(out, String.format(Locale.ROOT, getLine, text(key)));
    }

    /** Appends a request storing {@code value} under {@code key} (no flags, no expiry). */
    void set(ByteBuf out, byte[] key, byte[] value) {
        ascii(out, String.format(Locale.ROOT, setLine, text(key), value.length)).writeBytes(value);
        ascii(out, "\r\n");
    }

    /** @return the answer (ISO-8859-1) to a get of {@code key} holding {@code value} (ASCII) */
    String hit(byte[] key, String value) {
        return String.format(Locale.ROOT, hitHeader, text(key), value.length()) + value + hitTrailer;
    }

    /** @return the answer (ISO-8859-1) to a set that stored */
    String stored() {
        return stored;
    }

    /** @return {@code answers} with what the server may choose freely (binary CAS values) made constant */
    String comparable(String answers) {
        return answers;
    }

    private static ByteBuf ascii(ByteBuf out, String text) {
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        return out;
    }

    private static String text(byte[] ascii) {
        return new String(ascii, StandardCharsets.ISO_8859_1);
    }

    /** A binary header with opaque and CAS 0, and status 0 in an answer. */
    private static ByteBuf header(ByteBuf out, int magic, int opcode, int keyLength, int extrasLength, int body) {
        return out.writeByte(magic)
                .writeByte(opcode)
                .writeShort(keyLength)
                .writeByte(extrasLength)
                .writeByte(0) // data type
                .writeShort(0) // vbucket in a request, status in an answer
                .writeInt(body)
                .writeInt(0) // opaque
                .writeLong(0); // CAS
    }

    private static String release(ByteBuf answer) {
        try {
            return answer.toString(StandardCharsets.ISO_8859_1);
        } finally {
            answer.release();
        }
    }
}
