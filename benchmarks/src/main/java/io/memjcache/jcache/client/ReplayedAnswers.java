package io.memjcache.jcache.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client's answer path without a server: a {@link MetaConnection} over a socket that is never connected, whose
 * input replays canned answers (one exchange's answer per read, as they arrive from a server) and whose output is
 * discarded. The requests are still written into the connection's buffer, so an exchange costs what it costs the
 * client minus the network. It lives in the client's package because the connection and the commands are
 * package-private; benchmarks reach the client only through this class.
 *
 * <p>Two workloads, each a fixed cycle of exchanges whose answers the socket replays in the same order:
 * {@link #singles()}, {@value #EXCHANGES} single commands ({@code ms} answered {@code HD}, {@code mg} of a missing
 * key answered {@code EN}, {@code mg} of a present one answered {@code VA}), and {@link #batch()}, one pipelined
 * {@code getAll} of {@value #EXCHANGES} quiet {@code mg} with the {@code VA} answers of the keys present and
 * {@code MN}.
 *
 * <p>Not thread-safe: one thread uses it. Nothing is null.
 */
public final class ReplayedAnswers implements AutoCloseable {

    /** Commands per cycle of {@link #singles()} and per batch of {@link #batch()}. */
    public static final int EXCHANGES = 16;

    /** Never fires: every replayed answer is there at once, far within the deadline. */
    private final DeadlineWatch deadlines = new DeadlineWatch("replayed-answers-deadline-watch");

    private final MetaConnection connection;
    private final List<MetaCommand<?>> singles = new ArrayList<>();
    private final List<MetaGetCommand> batch = new ArrayList<>();

    /**
     * @param singlesWorkload whether this replays {@link #singles()} (else {@link #batch()})
     * @param valueLength the length of each value found
     */
    public ReplayedAnswers(boolean singlesWorkload, int valueLength) {
        String value = "v".repeat(valueLength);
        List<String> answers = new ArrayList<>();
        StringBuilder batchAnswer = new StringBuilder();
        for (int i = 0; i < EXCHANGES; i++) {
            String key = "cache:generation:7:user:" + i;
            // One in four a store, one in four a miss, half hits: answered with a value, CAS, flags and TTL.
            boolean hit = i % 4 >= 2;
            String found = "VA " + valueLength + " c" + (1_000_000 + i) + " f0 t-1";
            if (i % 4 == 0) {
                singles.add(new MetaSetCommand(StoreRequest.set(key, value.getBytes(StandardCharsets.US_ASCII), 0)));
                answers.add("HD\r\n");
            } else {
                singles.add(new MetaGetCommand(key));
                answers.add(hit ? found + "\r\n" + value + "\r\n" : "EN\r\n");
            }
            batch.add(new MetaGetCommand(key));
            if (hit || i % 4 == 0) {
                batchAnswer
                        .append(found)
                        .append(" O")
                        .append(i)
                        .append("\r\n")
                        .append(value)
                        .append("\r\n");
            }
        }
        List<String> replayed = singlesWorkload ? answers : List.of(batchAnswer + "MN\r\n");
        try {
            Socket socket = new ReplayingSocket(replayed);
            this.connection = new MetaConnection(
                    ServerAddress.of("127.0.0.1", ServerAddress.DEFAULT_PORT),
                    socket,
                    deadlines.guard(socket),
                    Duration.ofSeconds(10),
                    new LongAdder());
        } catch (IOException e) {
            throw new UncheckedIOException("the replaying socket has no streams", e);
        }
    }

    /**
     * Runs the cycle of single exchanges.
     *
     * @return the number of values found (the hits), for the caller to consume
     */
    public int singles() throws IOException {
        int found = 0;
        try {
            for (MetaCommand<?> command : singles) {
                if (Pipeline.execute(connection, command) instanceof Optional<?> value && value.isPresent()) {
                    found++;
                }
            }
        } catch (ErrorResponseException e) {
            throw new IllegalStateException("a replayed answer was refused", e);
        }
        return found;
    }

    /**
     * Runs the pipelined batch.
     *
     * @return the number of values found, for the caller to consume
     */
    public int batch() throws IOException {
        int found = 0;
        try {
            for (Optional<StoredValue> value : Pipeline.executeQuiet(connection, batch)) {
                if (value.isPresent()) {
                    found++;
                }
            }
        } catch (ErrorResponseException e) {
            throw new IllegalStateException("a replayed answer was refused", e);
        }
        return found;
    }

    @Override
    public void close() {
        connection.close();
        deadlines.close();
    }

    /**
     * A socket that is never connected: its input replays the answers in order, forever, at most one answer per
     * read; its output discards everything.
     */
    private static final class ReplayingSocket extends Socket {

        private final InputStream input;

        ReplayingSocket(List<String> answers) {
            byte[][] segments = new byte[answers.size()][];
            for (int i = 0; i < segments.length; i++) {
                segments[i] = answers.get(i).getBytes(StandardCharsets.ISO_8859_1);
            }
            this.input = new InputStream() {
                private int segment;
                private int position;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] target, int offset, int length) {
                    byte[] current = segments[segment];
                    int n = Math.min(length, current.length - position);
                    System.arraycopy(current, position, target, offset, n);
                    position += n;
                    if (position == current.length) {
                        position = 0;
                        segment = (segment + 1) % segments.length;
                    }
                    return n;
                }
            };
        }

        @Override
        public InputStream getInputStream() {
            return input;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) {
            // Reads never block: there is nothing to time out.
        }
    }
}
