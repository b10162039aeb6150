package io.memjcache.server.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites the only parts of a response that may legitimately differ between two correct servers, and nothing
 * else: CAS values (each server numbers its items its own way; each distinct value becomes {@code <cas#N>} in
 * order of first appearance, so "same CAS" and "different CAS" are still checked), the version string after
 * {@code VERSION }, and an {@code me} answer's {@code la=0} or {@code la=1} (seconds since the last access, which a
 * clock tick between two commands changes on either server).
 *
 * <p>The response is walked line by line and value data blocks ({@code VALUE ... <bytes>} and
 * {@code VA <bytes> ...}) are copied untouched, so a value that happens to look like a CAS-bearing line is not
 * rewritten. One instance serves one script run against one server, because the placeholder numbering spans
 * the whole run.
 *
 * <p>Not thread-safe. Arguments must not be null.
 */
final class ResponseNormalizer {

    private static final Set<String> META_CODES = Set.of("HD", "VA", "EN", "NF", "NS", "EX");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern META_CAS = Pattern.compile("c[0-9]+");

    private final Map<String, Integer> placeholderByCas = new HashMap<>();
    private final List<String> casByPlaceholder = new ArrayList<>();

    /** @return the response with CAS values and the version string replaced by placeholders */
    String normalize(byte[] response) {
        // ISO-8859-1 maps every byte to one char and back, so data blocks survive unchanged.
        String text = new String(response, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        while (pos < text.length()) {
            int eol = text.indexOf("\r\n", pos);
            if (eol < 0) {
                out.append(text, pos, text.length());
                break;
            }
            String line = text.substring(pos, eol);
            out.append(normalizeLine(line)).append("\r\n");
            pos = eol + 2;
            int dataLength = dataBlockLength(line);
            if (dataLength >= 0 && pos + dataLength + 2 <= text.length()) {
                out.append(text, pos, pos + dataLength + 2);
                pos += dataLength + 2;
            }
        }
        return out.toString();
    }

    /**
     * Renders binary-protocol responses one frame a line, every header field shown (so the comparison stays
     * byte-for-byte), with a non-zero CAS replaced by its placeholder and the body of a successful version
     * response, and its length, by {@code <version>}. Bytes after the last whole frame are shown as such.
     */
    String normalizeBinary(byte[] response) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at + 24 <= response.length && response[at] == (byte) 0x81) {
            ByteBuffer header = ByteBuffer.wrap(response);
            int opcode = response[at + 1] & 0xff;
            int keyLength = header.getShort(at + 2) & 0xffff;
            int extrasLength = response[at + 4] & 0xff;
            int status = header.getShort(at + 6) & 0xffff;
            long bodyLength = Integer.toUnsignedLong(header.getInt(at + 8));
            if (at + 24 + bodyLength > response.length) {
                break;
            }
            long cas = header.getLong(at + 16);
            boolean version = opcode == 0x0b && status == 0;
            out.append(String.format(
                    "[op=%02x keylen=%d extlen=%d type=%02x status=%04x bodylen=%s opaque=%08x cas=%s",
                    opcode,
                    keyLength,
                    extrasLength,
                    response[at + 5] & 0xff,
                    status,
                    version ? "<version>" : Long.toString(bodyLength),
                    header.getInt(at + 12),
                    cas == 0 ? "0" : placeholder(Long.toUnsignedString(cas))));
            int body = at + 24;
            int end = body + (int) bodyLength;
            int extrasEnd = Math.min(end, body + extrasLength);
            int keyEnd = Math.min(end, extrasEnd + keyLength);
            if (extrasEnd > body) {
                out.append(" extras=").append(HexFormat.of().formatHex(response, body, extrasEnd));
            }
            if (keyEnd > extrasEnd) {
                out.append(" key=").append(latin1(response, extrasEnd, keyEnd));
            }
            if (end > keyEnd) {
                out.append(" value=").append(version ? "<version>" : latin1(response, keyEnd, end));
            }
            out.append("]\n");
            at = end;
        }
        if (at < response.length) {
            out.append("[not a frame: ")
                    .append(latin1(response, at, response.length))
                    .append(']');
        }
        return out.toString();
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** @return the real CAS value shown as {@code <cas#placeholder>}, or null if none was seen yet */
    String casValue(int placeholder) {
        return placeholder >= 1 && placeholder <= casByPlaceholder.size()
                ? casByPlaceholder.get(placeholder - 1)
                : null;
    }

    private String normalizeLine(String line) {
        if (line.startsWith("VERSION ")) {
            return "VERSION <version>";
        }
        String[] tokens = line.split(" ", -1);
        if (tokens.length == 5
                && tokens[0].equals("VALUE")
                && DIGITS.matcher(tokens[4]).matches()) {
            tokens[4] = placeholder(tokens[4]);
            return String.join(" ", tokens);
        }
        if (META_CODES.contains(tokens[0])) {
            for (int i = 1; i < tokens.length; i++) {
                if (META_CAS.matcher(tokens[i]).matches()) {
                    tokens[i] = "c" + placeholder(tokens[i].substring(1));
                }
            }
            return String.join(" ", tokens);
        }
        if (tokens[0].equals("ME")) {
            for (int i = 1; i < tokens.length; i++) {
                if (tokens[i].startsWith("cas=")
                        && DIGITS.matcher(tokens[i].substring(4)).matches()) {
                    tokens[i] = "cas=" + placeholder(tokens[i].substring(4));
                }
                // Seconds since the last access: a step that runs across a second boundary reads 1 where
                // another reads 0, on either server. Larger values are still compared.
                if (tokens[i].equals("la=0") || tokens[i].equals("la=1")) {
                    tokens[i] = "la=<0-1>";
                }
            }
            return String.join(" ", tokens);
        }
        return line;
    }

    private String placeholder(String cas) {
        Integer number = placeholderByCas.get(cas);
        if (number == null) {
            casByPlaceholder.add(cas);
            number = casByPlaceholder.size();
            placeholderByCas.put(cas, number);
        }
        return "<cas#" + number + ">";
    }

    /** @return the length of the data block that follows this header line, or -1 if none follows */
    private static int dataBlockLength(String line) {
        String[] tokens = line.split(" ", -1);
        String length = null;
        if (tokens[0].equals("VALUE") && (tokens.length == 4 || tokens.length == 5)) {
            length = tokens[3];
        } else if (tokens[0].equals("VA") && tokens.length >= 2) {
            length = tokens[1];
        }
        if (length == null || !DIGITS.matcher(length).matches() || length.length() > 9) {
            return -1;
        }
        return Integer.parseInt(length);
    }
}
