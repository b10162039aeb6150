package io.memjcache.server.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a {@link ProtocolScript} against one server and records what it answered to each step.
 *
 * <p>No step depends on timing: after each {@code send} step the runner sends the sentinel {@code mn\r\n} and
 * reads until the sentinel's {@code MN\r\n} (counting the no-ops the step itself contains), or in a binary
 * script a binary version request with its own opaque and reads whole frames up to its answer; and a {@code close}
 * step reads until end of stream. The deadline only turns a hung server into a visible failure instead of a
 * hung build; a well-behaved server never comes near it.
 *
 * <p>Not thread-safe; one instance per script run. Arguments must not be null.
 */
final class ScriptRunner {

    static final String CLOSED_MARKER = "<<connection closed by server>>";
    private static final byte[] SENTINEL = "mn\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENTINEL_ANSWER = "MN\r\n".getBytes(StandardCharsets.US_ASCII);
    /**
     * The binary sentinel: a version request whose opaque no script uses, answered by a version response carrying
     * it. Not a no-op, because version is the one command memcached answers before SASL authentication.
     */
    static final int BINARY_SENTINEL_OPAQUE = 0x5e471e1;

    private static final byte[] BINARY_SENTINEL = BinaryFrame.parse("version opaque=" + BINARY_SENTINEL_OPAQUE)
            .render(
                    new Payload.Context() {
                        @Override
                        public String casValue(int placeholder) {
                            throw new IllegalStateException("the sentinel has no CAS");
                        }

                        @Override
                        public long nowSeconds() {
                            throw new IllegalStateException("the sentinel has no time");
                        }
                    },
                    new ArrayList<>());
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(10);

    /** What one step got back: the normalized response (with harness markers) and any harness problems. */
    record StepResult(ProtocolScript.Step step, String response, List<String> problems) {
        StepResult {
            problems = List.copyOf(problems);
        }
    }

    private final InetSocketAddress address;
    private final ResponseNormalizer normalizer = new ResponseNormalizer();
    private final Payload.Context context = new Payload.Context() {
        @Override
        public String casValue(int placeholder) {
            return normalizer.casValue(placeholder);
        }

        @Override
        public long nowSeconds() {
            return System.currentTimeMillis() / 1000;
        }
    };
    private Socket socket;

    ScriptRunner(InetSocketAddress address) {
        this.address = address;
    }

    /** Runs every step of the script on fresh connection(s) to the server. */
    List<StepResult> run(ProtocolScript script) throws IOException {
        List<StepResult> results = new ArrayList<>();
        boolean binary = script.dialect() == ProtocolScript.Dialect.BINARY;
        try {
            for (ProtocolScript.Step step : script.steps()) {
                results.add(runStep(step, binary));
            }
        } finally {
            disconnect();
        }
        return results;
    }

    private StepResult runStep(ProtocolScript.Step step, boolean binary) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) STEP_DEADLINE.toMillis());
        }
        List<String> problems = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String marker = "";
        try {
            for (Payload write : step.writes()) {
                byte[] bytes = write.render(context, problems);
                sent.writeBytes(bytes);
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            }
            if (step.ending() == ProtocolScript.Ending.SENTINEL && binary) {
                socket.getOutputStream().write(BINARY_SENTINEL);
                socket.getOutputStream().flush();
                marker = readUntilBinarySentinel(received, deadline);
            } else if (step.ending() == ProtocolScript.Ending.SENTINEL) {
                socket.getOutputStream().write(SENTINEL);
                socket.getOutputStream().flush();
                int expectedAnswers = countNoOpCommands(sent.toByteArray()) + 1;
                marker = readUntilSentinel(received, expectedAnswers, deadline);
            } else if (step.ending() == ProtocolScript.Ending.LINES) {
                marker = readUntilLines(received, step.lines(), deadline);
            } else {
                marker = readUntilEnd(received, deadline);
            }
        } catch (IOException e) {
            // A server that drops the connection mid-step (reset, broken pipe) has closed it, as far as the
            // protocol is concerned; the transcript records that instead of aborting the whole script.
            marker = CLOSED_MARKER;
        }
        if (!marker.isEmpty()) {
            if (!marker.equals(CLOSED_MARKER)) {
                problems.add(marker);
            }
            disconnect();
        }
        byte[] response = received.toByteArray();
        StringBuilder text = new StringBuilder();
        for (String problem : problems) {
            if (!problem.equals(marker)) {
                text.append("<<").append(problem).append(">>");
            }
        }
        text.append(binary ? normalizer.normalizeBinary(response) : normalizer.normalize(response))
                .append(marker);
        return new StepResult(step, text.toString(), problems);
    }

    /** Reads until the expected number of sentinel answers; strips the final one. @return a marker or "" */
    private String readUntilSentinel(ByteArrayOutputStream received, int expectedAnswers, long deadline)
            throws IOException {
        while (countLineStarts(received.toByteArray(), SENTINEL_ANSWER) < expectedAnswers) {
            int status = readSome(received, deadline);
            if (status < 0) {
                return CLOSED_MARKER;
            }
            if (status == 0) {
                return "<<no answer to the sentinel within " + STEP_DEADLINE.toSeconds() + " s>>";
            }
        }
        byte[] all = received.toByteArray();
        received.reset();
        received.write(all, 0, all.length - SENTINEL_ANSWER.length);
        return "";
    }

    /** Reads until the answer holds {@code lines} line ends. @return a marker or "" */
    private String readUntilLines(ByteArrayOutputStream received, int lines, long deadline) throws IOException {
        while (countNewlines(received.toByteArray()) < lines) {
            int status = readSome(received, deadline);
            if (status < 0) {
                return CLOSED_MARKER;
            }
            if (status == 0) {
                return "<<fewer than " + lines + " lines within " + STEP_DEADLINE.toSeconds() + " s>>";
            }
        }
        return "";
    }

    /**
     * Reads whole binary frames until the sentinel's answer, a version response with the sentinel's opaque, and
     * strips it. @return a marker or ""
     */
    private String readUntilBinarySentinel(ByteArrayOutputStream received, long deadline) throws IOException {
        while (true) {
            byte[] all = received.toByteArray();
            int sentinelAt = binarySentinelAt(all);
            if (sentinelAt >= 0) {
                received.reset();
                received.write(all, 0, sentinelAt);
                return "";
            }
            int status = readSome(received, deadline);
            if (status < 0) {
                return CLOSED_MARKER;
            }
            if (status == 0) {
                return "<<no answer to the binary sentinel within " + STEP_DEADLINE.toSeconds() + " s>>";
            }
        }
    }

    /** @return where the sentinel's answer frame starts, walking whole frames from the start, or -1 */
    static int binarySentinelAt(byte[] data) {
        ByteBuffer header = ByteBuffer.wrap(data);
        int at = 0;
        while (at + 24 <= data.length && data[at] == (byte) 0x81) {
            long bodyLength = Integer.toUnsignedLong(header.getInt(at + 8));
            if (data[at + 1] == 0x0b && header.getInt(at + 12) == BINARY_SENTINEL_OPAQUE) {
                return at;
            }
            if (at + 24 + bodyLength > data.length) {
                return -1;
            }
            at += 24 + (int) bodyLength;
        }
        return -1;
    }

    /** Reads until the server closes the connection. @return the marker to append */
    private String readUntilEnd(ByteArrayOutputStream received, long deadline) throws IOException {
        while (true) {
            int status = readSome(received, deadline);
            if (status < 0) {
                return CLOSED_MARKER;
            }
            if (status == 0) {
                return "<<connection still open after " + STEP_DEADLINE.toSeconds() + " s>>";
            }
        }
    }

    /** @return -1 at end of stream, 0 when the deadline passed, else the number of bytes read */
    private int readSome(ByteArrayOutputStream received, long deadline) throws IOException {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            return 0;
        }
        socket.setSoTimeout((int) Math.max(1, remainingMillis));
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            int n = in.read(buffer);
            if (n > 0) {
                received.write(buffer, 0, n);
            }
            return n < 0 ? -1 : n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    /**
     * Counts the {@code mn} commands in what a step sent (lines whose command token is {@code mn}, with or
     * without arguments), because each adds an {@code MN} line that must not be mistaken for the sentinel's.
     */
    static int countNoOpCommands(byte[] sent) {
        int count = 0;
        for (int i = 0; i + 2 < sent.length; i++) {
            if ((i == 0 || sent[i - 1] == '\n')
                    && sent[i] == 'm'
                    && sent[i + 1] == 'n'
                    && (sent[i + 2] == ' '
                            || sent[i + 2] == '\n'
                            || (sent[i + 2] == '\r' && i + 3 < sent.length && sent[i + 3] == '\n'))) {
                count++;
            }
        }
        return count;
    }

    private static int countNewlines(byte[] data) {
        int count = 0;
        for (byte b : data) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Counts occurrences of {@code line} that start at the beginning or right after a {@code \n}. */
    static int countLineStarts(byte[] data, byte[] line) {
        int count = 0;
        for (int i = 0; i + line.length <= data.length; i++) {
            if ((i == 0 || data[i - 1] == '\n') && regionMatches(data, i, line)) {
                count++;
                i += line.length - 1;
            }
        }
        return count;
    }

    private static boolean regionMatches(byte[] data, int offset, byte[] line) {
        for (int j = 0; j < line.length; j++) {
            if (data[offset + j] != line[j]) {
                return false;
            }
        }
        return true;
    }

    private void disconnect() throws IOException {
        if (socket != null) {
            Socket closing = socket;
            socket = null;
            closing.close();
        }
    }
}
