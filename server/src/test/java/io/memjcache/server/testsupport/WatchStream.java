package io.memjcache.server.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A connection that ran {@code watch}: reads the log lines, which end in a bare {@code \n}, as memcached writes
 * them. Reads wait with a deadline, never a fixed sleep.
 *
 * <p>Not thread-safe; close it when done.
 */
public final class WatchStream implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private WatchStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects, sends {@code watch <streams>} and returns once the server answered {@code OK}. */
    public static WatchStream open(InetSocketAddress address, String streams) throws IOException {
        return open(address, streams, 0);
    }

    /** Like {@link #open(InetSocketAddress, String)} with a receive buffer of {@code receiveBuffer} bytes (0: default). */
    public static WatchStream open(InetSocketAddress address, String streams, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, 5_000);
        WatchStream stream = new WatchStream(socket);
        socket.getOutputStream().write(("watch " + streams + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String first = stream.line(Duration.ofSeconds(10));
        if (!"OK\r".equals(first)) {
            socket.close();
            throw new IOException("watch answered " + first);
        }
        return stream;
    }

    /** @return the next line without its {@code \n}, or null if none came within {@code patience} */
    public String line(Duration patience) throws IOException {
        socket.setSoTimeout((int) Math.max(1, patience.toMillis()));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("watch connection closed after " + line);
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            if (line.size() > 0) {
                throw new IOException("partial watch line: " + line, e);
            }
            return null;
        }
    }

    /**
     * Reads lines until one matches {@code last} (included in the result).
     *
     * @throws IOException if no such line came within {@code patience}
     */
    public List<String> until(Predicate<String> last, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> lines = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? line(Duration.ofNanos(left)) : null;
            if (line == null) {
                throw new IOException("no awaited watch line within " + patience + "; got " + lines);
            }
            lines.add(line);
            if (last.test(line)) {
                return lines;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
