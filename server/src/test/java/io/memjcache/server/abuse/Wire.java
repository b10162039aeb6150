package io.memjcache.server.abuse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.server.testsupport.VisibleBytes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A raw TCP connection speaking bytes, for tests that must control exactly what goes on the wire. Text is carried in
 * ISO-8859-1 strings, so each char is one byte and any byte value fits.
 *
 * <p>Every read is bounded: a read that sees nothing for {@link #PATIENCE_MILLIS} fails the test. Not thread-safe,
 * except that {@link #writeInBackground} lets one other thread write while the test thread reads. No method accepts
 * or returns {@code null}.
 */
final class Wire implements AutoCloseable {

    static final int PATIENCE_MILLIS = 10_000;

    /** What a connection delivered before it was closed ({@code closed}) or fell silent ({@code !closed}). */
    record Ending(String received, boolean closed) {
        @Override
        public String toString() {
            return (closed ? "closed after " : "still open after ") + escape(received);
        }
    }

    /** Writes to a stream; may throw. */
    interface Writing {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(InetSocketAddress address) throws IOException {
        this.socket = new Socket();
        socket.connect(address, PATIENCE_MILLIS);
        socket.setSoTimeout(PATIENCE_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    /** Changes how long a read may see nothing before it gives up (at least 1 ms). */
    void patience(long millis) throws SocketException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
    }

    void send(String bytes) throws IOException {
        out.write(bytes.getBytes(ISO_8859_1));
        out.flush();
    }

    /** Sends, tolerating a server that has already closed the connection (its answer is read afterwards). */
    void sendIgnoringReset(String bytes) {
        try {
            send(bytes);
        } catch (IOException closedByServer) {
            // What the server said before closing is still readable; the test judges that.
        }
    }

    void expect(String expected) throws IOException {
        expect(expected, "answer");
    }

    /** Reads exactly as many bytes as {@code expected} has and fails, showing both escaped, if they differ. */
    void expect(String expected, String what) throws IOException {
        byte[] want = expected.getBytes(ISO_8859_1);
        byte[] got = new byte[want.length];
        int filled = 0;
        try {
            while (filled < want.length) {
                int n = in.read(got, filled, want.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (SocketTimeoutException | SocketException e) {
            // Reported below with whatever did arrive.
        }
        if (filled < want.length || !Arrays.equals(want, got)) {
            String received = new String(got, 0, filled, ISO_8859_1);
            int at = firstDifference(expected, received);
            fail(what + ": differs at byte " + at + (filled < want.length ? " (connection ended or went silent)" : "")
                    + "\n expected: " + excerpt(expected, at) + "\n      got: " + excerpt(received, at));
        }
    }

    /** Reads one line up to and including "\r\n", or whatever arrives before the connection ends or goes silent. */
    String readLineOrRest() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int previous = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (previous == '\r' && b == '\n') {
                    break;
                }
                previous = b;
            }
        } catch (IOException endedOrSilent) {
            // The caller judges the partial line.
        }
        return line.toString(ISO_8859_1);
    }

    /** Reads until the server closes the connection (or resets it), or until nothing arrives for a while. */
    Ending readUntilClosed() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
            return new Ending(received.toString(ISO_8859_1), true);
        } catch (SocketTimeoutException silent) {
            return new Ending(received.toString(ISO_8859_1), false);
        } catch (IOException reset) {
            return new Ending(received.toString(ISO_8859_1), true);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a daemon thread writing to this connection; it ends when the writing ends or the socket closes. */
    static Thread writeInBackground(Wire wire, Writing writing) {
        return writeInBackground(wire.socket, writing);
    }

    static Thread writeInBackground(Socket socket, Writing writing) {
        Thread thread = new Thread(
                () -> {
                    try {
                        writing.writeTo(socket.getOutputStream());
                    } catch (IOException socketClosed) {
                        // The reading side reports what went missing.
                    }
                },
                "abusive-writer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** @return the bytes in double quotes, escaped as {@link VisibleBytes} does */
    static String escape(String bytes) {
        return '"' + VisibleBytes.of(bytes) + '"';
    }

    private static int firstDifference(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return common;
    }

    /** Up to 120 bytes around {@code at}, escaped, with the total length, so huge answers stay readable. */
    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 40);
        int to = Math.min(s.length(), at + 80);
        return (from > 0 ? "..." : "") + escape(s.substring(from, to)) + (to < s.length() ? "..." : "") + " ("
                + s.length() + " bytes)";
    }
}
