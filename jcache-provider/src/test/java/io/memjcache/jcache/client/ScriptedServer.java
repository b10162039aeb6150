package io.memjcache.jcache.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback server for parser tests: the next connection accepted after {@link #scriptNext(byte[])} gets the
 * scripted bytes as its whole answer, whatever it asks, followed by end-of-stream; every other connection is a
 * well-behaved server that answers {@code mg} with the value set by {@link #answerGetsWith(byte[])} and {@code mn}
 * with {@code MN}, or, after {@link #answerEverythingWithError()}, like a memcached older than 1.6 that knows no meta
 * command: {@code ERROR} to every line. The scripted connection reads what the client sends until the client closes it, so closing
 * never resets the connection under bytes the client has not read yet.
 *
 * <p>Thread-safe: one daemon thread accepts, one per connection serves. Close it when done.
 */
public final class ScriptedServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicReference<byte[]> script = new AtomicReference<>();
    private volatile byte[] getValue = new byte[0];
    private volatile boolean everythingAnError;

    /** Starts listening on a free loopback port. */
    public ScriptedServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "scripted-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return where the server listens */
    public ServerAddress address() {
        return ServerAddress.of("127.0.0.1", socket.getLocalPort());
    }

    /** The next connection gets exactly {@code answer}, then end-of-stream. */
    void scriptNext(byte[] answer) {
        script.set(answer.clone());
    }

    /** From now on, connections answer every line with {@code ERROR}, as memcached 1.4 answers meta commands. */
    public void answerEverythingWithError() {
        everythingAnError = true;
    }

    /** Well-behaved connections answer every {@code mg} with this value. */
    void answerGetsWith(byte[] value) {
        getValue = value.clone();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            byte[] scripted = script.getAndSet(null);
            Thread serving = new Thread(() -> serve(connection, scripted), "scripted-server-connection");
            serving.setDaemon(true);
            serving.start();
        }
    }

    private void serve(Socket connection, byte[] scripted) {
        try (connection) {
            if (scripted != null) {
                OutputStream out = connection.getOutputStream();
                out.write(scripted);
                out.flush();
                connection.shutdownOutput();
                InputStream in = connection.getInputStream();
                byte[] sink = new byte[8192];
                while (in.read(sink) >= 0) {
                    // drain until the client closes
                }
                return;
            }
            answerSanely(connection);
        } catch (IOException e) {
            // The client went away: nothing left to serve.
        }
    }

    private void answerSanely(Socket connection) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = connection.getOutputStream();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (everythingAnError) {
                out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (line.startsWith("mg ")) {
                byte[] value = getValue;
                out.write(("VA " + value.length + " c1 f0 t-1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write(new byte[] {'\r', '\n'});
            } else if (line.equals("mn")) {
                out.write("MN\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
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
}
