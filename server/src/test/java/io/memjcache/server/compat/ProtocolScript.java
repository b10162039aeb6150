package io.memjcache.server.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One feature's conversation with a memcached-protocol server, parsed from a text file in the style of
 * memcached's own {@code t/*.t} tests.
 *
 * <p>Format, one directive per line ({@code #} comments and blank lines are skipped; the text after the
 * directive and one space is the payload, see {@link Payload} for escapes; nothing is appended to it, so
 * commands spell out their {@code \r\n}):
 * <ul>
 *   <li>{@code send PAYLOAD}: one step; the harness then sends a sentinel and collects everything the server
 *       answers up to the sentinel's answer.</li>
 *   <li>{@code part PAYLOAD}: written and flushed on its own, without reading; the step ends at the next
 *       {@code send} or {@code close}, so a command can arrive in pieces.</li>
 *   <li>{@code close PAYLOAD}: a step after which the server is expected to close the connection; the harness
 *       reads until end of stream and opens a new connection for the next step.</li>
 *   <li>{@code lines N PAYLOAD}: a step whose answer is read until it holds {@code N} lines, without a sentinel:
 *       for connections that answer every command alike (not yet authenticated), where the sentinel would get
 *       no answer of its own. Anything more the server sends shows in the next step's answer.</li>
 *   <li>{@code server SETTING}: before the first step, a non-default server setting (see
 *       {@link ServerOptions}).</li>
 *   <li>{@code protocol binary}: before the first step; the script speaks memcached's binary protocol, so the
 *       harness's sentinel is a binary no-op and answers are compared frame by frame (see
 *       {@link ResponseNormalizer#normalizeBinary}). Requests are written with {@code \B{...}} (see
 *       {@link BinaryFrame}).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; nothing is null.
 */
record ProtocolScript(String name, ServerOptions options, Dialect dialect, List<Step> steps) {

    /** Which protocol the script's connections speak, and so which sentinel ends a step. */
    enum Dialect {
        TEXT,
        BINARY
    }

    /** How the harness knows a step's answer is complete. */
    enum Ending {
        SENTINEL,
        END_OF_STREAM,
        LINES
    }

    /**
     * One step: the writes that make it up (in order, each flushed separately), how it ends and, for
     * {@link Ending#LINES}, how many answer lines end it (0 otherwise).
     */
    record Step(int line, String source, List<Payload> writes, Ending ending, int lines) {
        Step {
            writes = List.copyOf(writes);
        }

        Step(int line, String source, List<Payload> writes, Ending ending) {
            this(line, source, writes, ending, 0);
        }

        /** @return the step as written in the script, for failure messages */
        String describe() {
            return "line " + line + ": " + source;
        }
    }

    ProtocolScript {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dialect, "dialect");
        steps = List.copyOf(steps);
    }

    /** Parses a script; throws IllegalArgumentException naming the line of any error. */
    static ProtocolScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        ServerOptions options = ServerOptions.DEFAULTS;
        Dialect dialect = Dialect.TEXT;
        List<Payload> pendingParts = new ArrayList<>();
        StringBuilder pendingSource = new StringBuilder();
        int pendingLine = 0;
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            int lineNumber = index + 1;
            String line =
                    lines[index].endsWith("\r") ? lines[index].substring(0, lines[index].length() - 1) : lines[index];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String directive = space < 0 ? line : line.substring(0, space);
            String body = space < 0 ? "" : line.substring(space + 1);
            if ((directive.equals("server") || directive.equals("protocol"))
                    && (!steps.isEmpty() || !pendingParts.isEmpty())) {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": '" + directive + "' after a step");
            }
            if (directive.equals("protocol")) {
                if (!body.equals("binary")) {
                    throw new IllegalArgumentException(
                            name + " line " + lineNumber + ": the only protocol setting is 'protocol binary'");
                }
                dialect = Dialect.BINARY;
                continue;
            }
            if (directive.equals("server")) {
                try {
                    options = options.with(body);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " line " + lineNumber + ": " + e.getMessage(), e);
                }
                continue;
            }
            int lineCount = 0;
            if (directive.equals("lines")) {
                int split = body.indexOf(' ');
                try {
                    lineCount = Integer.parseInt(split < 0 ? body : body.substring(0, split));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " line " + lineNumber + ": 'lines' needs a count", e);
                }
                if (lineCount < 1) {
                    throw new IllegalArgumentException(name + " line " + lineNumber + ": 'lines' count below 1");
                }
                body = split < 0 ? "" : body.substring(split + 1);
            }
            Payload payload;
            try {
                payload = Payload.parse(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": " + e.getMessage(), e);
            }
            if (pendingParts.isEmpty()) {
                pendingLine = lineNumber;
            } else {
                pendingSource.append(" | ");
            }
            pendingSource.append(line);
            pendingParts.add(payload);
            switch (directive) {
                case "part" -> {}
                case "send", "close" -> {
                    Ending ending = directive.equals("send") ? Ending.SENTINEL : Ending.END_OF_STREAM;
                    steps.add(new Step(pendingLine, pendingSource.toString(), pendingParts, ending));
                    pendingParts.clear();
                    pendingSource.setLength(0);
                }
                case "lines" -> {
                    steps.add(new Step(pendingLine, pendingSource.toString(), pendingParts, Ending.LINES, lineCount));
                    pendingParts.clear();
                    pendingSource.setLength(0);
                }
                default ->
                    throw new IllegalArgumentException(
                            name + " line " + lineNumber + ": unknown directive '" + directive + "'");
            }
        }
        if (!pendingParts.isEmpty()) {
            throw new IllegalArgumentException(name + " line " + pendingLine + ": 'part' not followed by 'send'");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(name + ": no steps");
        }
        return new ProtocolScript(name, options, dialect, steps);
    }
}
