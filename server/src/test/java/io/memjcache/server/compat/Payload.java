package io.memjcache.server.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes one write of a script step sends, kept as a template because two parts are only known while the
 * script runs: CAS values the server under test handed out earlier ({@code \c{N}}), and the current Unix time
 * ({@code \T{+N}}), needed for absolute expiration times.
 *
 * <p>Escapes understood by {@link #parse(String)}: {@code \r \n \t \0 \s} (space, for trailing spaces that
 * editors would strip) {@code \\ \xHH}; {@code \{N*c}} repeats the single character {@code c} N times (for
 * large values); {@code \c{N}} is the N-th distinct CAS value (1-based, in order of appearance) the server
 * returned on this script's run; {@code \T{+N}} / {@code \T{-N}} is the current Unix time plus/minus N seconds;
 * {@code \B{OPCODE field=value ...}} is one binary-protocol request (see {@link BinaryFrame}).
 *
 * <p>Immutable and thread-safe; no null segments.
 */
final class Payload {

    /** What a payload needs from the run it is sent in. */
    interface Context {
        /** @return the server's real CAS value that the transcript shows as the given placeholder, or null */
        String casValue(int placeholder);

        /** @return the current Unix time in seconds */
        long nowSeconds();
    }

    private record CasReference(int placeholder) {}

    private record NowOffset(long seconds) {}

    private final List<Object> segments;

    private Payload(List<Object> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Parses escaped script text; throws IllegalArgumentException on a malformed escape. */
    static Payload parse(String text) {
        List<Object> segments = new ArrayList<>();
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch != '\\') {
                literal.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("dangling backslash at the end of: " + text);
            }
            char code = text.charAt(i + 1);
            i += 2;
            switch (code) {
                case 'r' -> literal.write('\r');
                case 'n' -> literal.write('\n');
                case 't' -> literal.write('\t');
                case '0' -> literal.write(0);
                case 's' -> literal.write(' ');
                case '\\' -> literal.write('\\');
                case 'x' -> {
                    requireLength(text, i + 2);
                    literal.write(Integer.parseInt(text.substring(i, i + 2), 16));
                    i += 2;
                }
                case '{' -> {
                    int end = closingBrace(text, i);
                    String body = text.substring(i, end);
                    int star = body.lastIndexOf('*');
                    if (star < 1 || star != body.length() - 2) {
                        throw new IllegalArgumentException("expected \\{COUNT*c} in: " + text);
                    }
                    byte[] run = new byte[Integer.parseInt(body.substring(0, star))];
                    Arrays.fill(run, (byte) body.charAt(star + 1));
                    literal.writeBytes(run);
                    i = end + 1;
                }
                case 'B' -> {
                    if (i >= text.length() || text.charAt(i) != '{') {
                        throw new IllegalArgumentException("expected '{' after \\B in: " + text);
                    }
                    int end = closingBrace(text, i + 1);
                    flush(literal, segments);
                    segments.add(BinaryFrame.parse(text.substring(i + 1, end)));
                    i = end + 1;
                }
                case 'c', 'T' -> {
                    if (i >= text.length() || text.charAt(i) != '{') {
                        throw new IllegalArgumentException("expected '{' after \\" + code + " in: " + text);
                    }
                    int end = closingBrace(text, i + 1);
                    String body = text.substring(i + 1, end);
                    flush(literal, segments);
                    segments.add(
                            code == 'c'
                                    ? new CasReference(Integer.parseInt(body))
                                    : new NowOffset(Long.parseLong(body.startsWith("+") ? body.substring(1) : body)));
                    i = end + 1;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + code + " in: " + text);
            }
        }
        flush(literal, segments);
        return new Payload(segments);
    }

    /**
     * Renders the bytes to send. A CAS placeholder the run has not seen yet is sent as {@code 0} and reported
     * through {@code problems}, so that a server which never returned that CAS fails visibly.
     */
    byte[] render(Context context, List<String> problems) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object segment : segments) {
            if (segment instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else if (segment instanceof CasReference ref) {
                String value = context.casValue(ref.placeholder());
                if (value == null) {
                    problems.add("script refers to cas#" + ref.placeholder() + " but the server returned"
                            + " no such CAS value; sent 0");
                    value = "0";
                }
                out.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
            } else if (segment instanceof BinaryFrame frame) {
                out.writeBytes(frame.render(context, problems));
            } else if (segment instanceof NowOffset offset) {
                out.writeBytes(
                        Long.toString(context.nowSeconds() + offset.seconds()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static void flush(ByteArrayOutputStream literal, List<Object> segments) {
        if (literal.size() > 0) {
            segments.add(literal.toByteArray());
            literal.reset();
        }
    }

    private static int closingBrace(String text, int from) {
        int end = text.indexOf('}', from);
        if (end < 0) {
            throw new IllegalArgumentException("unclosed '{' in: " + text);
        }
        return end;
    }

    private static void requireLength(String text, int length) {
        if (text.length() < length) {
            throw new IllegalArgumentException("truncated \\x escape in: " + text);
        }
    }
}
