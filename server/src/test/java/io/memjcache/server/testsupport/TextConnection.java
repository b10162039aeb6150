package io.memjcache.server.testsupport;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A blocking connection speaking memcached's text protocol line by line, for tests that drive a server over a raw
 * socket and reason about its answers as lines. Text is carried in ISO-8859-1 strings, so each char is one byte.
 *
 * <p>Every read is bounded: a read that sees nothing for the connection's patience (10 s unless given) throws, so a
 * silent server fails the test instead of hanging the build. An answer of the wrong form (a {@code get} not ending
 * in {@code END}, a stats line not starting with {@code STAT}) throws {@link IOException} too, which keeps this usable
 * from worker threads whose failures surface through a future.
 *
 * <p>Not thread-safe, except that {@link #write} may run on one other thread while the test thread reads. Arguments
 * must not be {@code null}; only {@link #get} returns {@code null} (for a miss).
 */
public final class TextConnection implements AutoCloseable {

    /** How long a read waits for the first byte unless the test asks for more. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);

    /** Writes to the connection's stream; may throw. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    /** Connects with the {@link #DEFAULT_PATIENCE}. */
    public TextConnection(InetSocketAddress address) throws IOException {
        this(address, DEFAULT_PATIENCE);
    }

    /** Connects; each read then waits at most {@code patience} for data (a flood may need longer than the default). */
    public TextConnection(InetSocketAddress address, Duration patience) throws IOException {
        socket.connect(address, (int) DEFAULT_PATIENCE.toMillis());
        socket.setSoTimeout((int) patience.toMillis());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        // Buffered so that a pipelined flood goes out in large segments; every write below flushes.
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Sends {@code request} followed by {@code \r\n}. */
    public void send(String request) throws IOException {
        write(o -> o.write((request + "\r\n").getBytes(ISO_8859_1)));
    }

    /** Runs {@code writing} against the connection, then flushes. */
    public void write(Writing writing) throws IOException {
        writing.writeTo(out);
        out.flush();
    }

    /** Sends a request and returns the one-line answer. */
    public String call(String request) throws IOException {
        send(request);
        return line();
    }

    /** @return the value under the key, or null on a miss */
    public String get(String key) throws IOException {
        send("get " + key);
        String first = line();
        if (first.equals("END")) {
            return null;
        }
        if (!first.startsWith("VALUE " + key + " ")) {
            throw new IOException("unexpected answer to get: " + first);
        }
        String value = line();
        String end = line();
        if (!end.equals("END")) {
            throw new IOException("expected END after the value, got: " + end);
        }
        return value;
    }

    /** @return the general {@code stats}, by name */
    public Map<String, String> stats() throws IOException {
        send("stats");
        Map<String, String> stats = new HashMap<>();
        for (String line = line(); !line.equals("END"); line = line()) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || !parts[0].equals("STAT")) {
                throw new IOException("not a STAT line: " + line);
            }
            stats.put(parts[1], parts[2]);
        }
        return stats;
    }

    /** Reads exactly {@code length} bytes (a value block with its terminator, say). */
    public byte[] bytes(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads one line and returns it without its {@code \r\n}; a lone {@code \n} does not end a line. */
    public String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after: " + buf.toString(ISO_8859_1));
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, ISO_8859_1);
            }
            buf.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
