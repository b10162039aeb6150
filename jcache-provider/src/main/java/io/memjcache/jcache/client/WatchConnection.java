package io.memjcache.jcache.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A connection that ran {@code watch}: a log stream of one server, read a line at a time. Opened like every other
 * connection of the client (connect, TLS and authentication as configured), so it reaches whatever server the others
 * reach. A read that sees no line within the idle timeout closes the connection and fails: a server that stopped
 * writing is not waited for forever.
 *
 * <p>Not thread-safe: one thread reads it; {@link #close()} may come from any thread and ends a blocked read.
 */
public final class WatchConnection implements AutoCloseable {

    private final MetaConnection connection;
    private final String streams;
    private final long idleNanos;

    private WatchConnection(MetaConnection connection, String streams, long idleNanos) {
        this.connection = connection;
        this.streams = streams;
        this.idleNanos = idleNanos;
    }

    /**
     * Opens a connection and sends {@code watch <streams>} for each of {@code choices} in turn, on the same
     * connection, until one is answered {@code OK}: a server that does not know a stream answers {@code ERROR} (as
     * memcached 1.6.18 does to {@code deletions}) and stays usable.
     *
     * @param idle the longest wait for the next line once watching
     * @throws IOException when the connection fails or the server refuses every choice (the message has its answer)
     */
    static WatchConnection open(ConnectionFactory factory, List<String> choices, Duration idle) throws IOException {
        MetaConnection connection = factory.open();
        try {
            String last = "";
            for (String streams : choices) {
                connection.beginExchange();
                try {
                    connection.writeAscii("watch " + streams + "\r\n");
                    connection.flush();
                    last = connection.readLine();
                } finally {
                    connection.endExchange();
                }
                if (last.equals("OK")) {
                    connection.beginExchange(); // disarmed only by close: every read moves the deadline on
                    return new WatchConnection(connection, streams, idle.toNanos());
                }
                if (!last.equals("ERROR")) {
                    break;
                }
            }
            throw new IOException("watch refused: the server answered '" + ServerIdentity.printable(last) + "'");
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** @return the streams the server agreed to, as sent after {@code watch} */
    public String streams() {
        return streams;
    }

    /**
     * @return the next line, without its line end
     * @throws IOException when the connection failed, was closed, or no line came within the idle timeout
     */
    public String readLine() throws IOException {
        connection.extendDeadline(idleNanos);
        return connection.readLine();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "WatchConnection[" + connection + ", " + streams + "]";
    }
}
