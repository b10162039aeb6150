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
        END_OF_STREAM
    }

    /** One step: the writes that make it up (in order, each flushed separately) and how it ends. */
    record Step(int line, String source, List<Payload> writes, Ending ending) {
        Step {
            writes = List.copyOf(writes);
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
