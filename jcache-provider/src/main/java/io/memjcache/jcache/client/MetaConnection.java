package io.memjcache.jcache.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * One blocking TCP connection to a memcached server, with its own byte buffers in both directions: requests are
 * assembled in the output buffer and sent by {@link #flush()}; answers are parsed from the input buffer by
 * {@link #readLine()} and {@link #readValue(int)} without a virtual call per byte.
 *
 * <p>Answers are not trusted to be sane: a line longer than {@value #MAX_LINE} bytes or a value block larger than
 * {@value #MAX_VALUE_BYTES} bytes (memcached's largest possible item, {@code -I 1024m}) breaks the connection, and a
 * value block is buffered as its bytes arrive, so a size the server announces but does not send costs no memory.
 *
 * <p>Every request/answer cycle is an <em>exchange</em> ({@link #beginExchange()} ... {@link #endExchange()}) with
 * a deadline of one operation timeout, and so is the connect, with the connect timeout. The socket stays in blocking
 * mode (one system call per read, see {@link DeadlineWatch} for why not {@code SO_TIMEOUT}); the client's
 * {@link DeadlineWatch} closes it when the deadline passes, which ends a read or a write blocked on a server that
 * stopped answering or reading, and the call reports the timeout.
 *
 * <p>Not thread-safe: one thread uses a connection at a time (the pool hands it out exclusively), except for
 * the deadline watch, which may close its socket from its thread. Nothing returns null.
 */
final class MetaConnection implements MetaOutput, MetaInput, AutoCloseable {

    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    /** The largest value block read; memcached items cannot exceed 1 GiB. */
    static final int MAX_VALUE_BYTES = 1 << 30;

    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerAddress server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long operationTimeoutNanos;
    private final DeadlineWatch.Guard guard;
    private final LongAdder roundTrips;
    /** Whether TLS carries the protocol. */
    private final boolean tls;

    private byte[] inBuf = new byte[BUFFER_SIZE];
    private int inPos;
    private int inLimit;
    private final byte[] outBuf = new byte[BUFFER_SIZE];
    private int outCount;

    private long deadlineNanos;
    private boolean answerStarted;
    private long completedExchanges;
    private boolean broken;

    /**
     * Package-private rather than private only for the benchmarks, which replay answers through a connection over
     * a socket that is never connected; everything else opens connections with {@link MetaConnector#open}.
     *
     * @param guard the deadline guard of {@code socket}, which the connection closes with the socket
     */
    MetaConnection(
            ServerAddress server,
            Socket socket,
            DeadlineWatch.Guard guard,
            Duration operationTimeout,
            LongAdder roundTrips)
            throws IOException {
        this(server, socket, socket, guard, operationTimeout, roundTrips);
    }

    /**
     * For {@link MetaConnector}, which connects the socket and sets up TLS first.
     *
     * @param socket  the TCP socket, which the guard closes at a deadline and {@link #close()} closes
     * @param layered what carries the protocol: {@code socket} itself, or TLS over it
     */
    MetaConnection(
            ServerAddress server,
            Socket socket,
            Socket layered,
            DeadlineWatch.Guard guard,
            Duration operationTimeout,
            LongAdder roundTrips)
            throws IOException {
        this.server = server;
        this.socket = socket;
        this.guard = guard;
        this.tls = layered != socket;
        this.in = layered.getInputStream();
        this.out = layered.getOutputStream();
        this.operationTimeoutNanos = operationTimeout.toNanos();
        this.roundTrips = roundTrips;
    }

    /**
     * Sends memcached's ASCII authentication ({@code set <key> 0 -1 <n>}, data {@code <user> <password>}) and
     * expects {@code STORED}; anything else is an {@link AuthenticationException}. The exchange ends at
     * {@code deadlineNanos}, the connect's deadline.
     */
    void authenticate(Credentials credentials, long deadlineNanos) throws IOException {
        this.deadlineNanos = deadlineNanos;
        byte[] data = credentials.authData();
        writeAscii("set " + Credentials.AUTH_KEY + " 0 -1 " + data.length + "\r\n");
        writeBytes(data);
        writeCrlf();
        flush();
        IOException refused = ConnectionFailures.authenticationRefused(server, credentials, readLine());
        if (refused != null) {
            broken = true;
            throw refused;
        }
        completedExchanges++;
    }

    /** @return the server this connection talks to */
    ServerAddress server() {
        return server;
    }

    /** Starts a request/answer cycle: its deadline is one operation timeout from now. */
    void beginExchange() {
        deadlineNanos = System.nanoTime() + operationTimeoutNanos;
        guard.arm(deadlineNanos);
        answerStarted = false;
    }

    /** Moves the deadline to one operation timeout from now (for long answers that keep arriving). */
    void extendDeadline() {
        deadlineNanos = System.nanoTime() + operationTimeoutNanos;
        guard.arm(deadlineNanos);
    }

    /** Moves the deadline to {@code nanos} from now (a watch stream, whose lines come at the server's pace). */
    void extendDeadline(long nanos) {
        deadlineNanos = System.nanoTime() + nanos;
        guard.arm(deadlineNanos);
    }

    /** Ends the cycle begun by {@link #beginExchange()}, whether it succeeded or not. */
    void endExchange() {
        if (guard.disarm()) {
            broken = true; // the deadline passed and the socket is closed, even if the answer made it in time
        }
        completedExchanges++;
    }

    /** @return whether the connection may serve another exchange */
    boolean isUsable() {
        return !broken && !socket.isClosed() && inPos == inLimit;
    }

    // ---- writing ----

    @Override
    public void writeAscii(String text) throws IOException {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (outCount == outBuf.length) {
                drainOutput();
            }
            outBuf[outCount++] = (byte) text.charAt(i);
        }
    }

    /** Appends a space and then {@code letter} followed by {@code value} in decimal, as in {@code " T60"}. */
    void writeFlag(char letter, long value) throws IOException {
        writeAscii(" " + letter + value);
    }

    @Override
    public void writeBytes(byte[] bytes) throws IOException {
        if (bytes.length <= outBuf.length - outCount) {
            System.arraycopy(bytes, 0, outBuf, outCount, bytes.length);
            outCount += bytes.length;
            return;
        }
        drainOutput();
        if (bytes.length <= outBuf.length) {
            System.arraycopy(bytes, 0, outBuf, 0, bytes.length);
            outCount = bytes.length;
        } else {
            send(bytes, 0, bytes.length);
        }
    }

    @Override
    public void writeCrlf() throws IOException {
        writeBytes(CRLF);
    }

    /** Sends everything buffered; the server will answer it. */
    void flush() throws IOException {
        drainOutput();
        roundTrips.increment();
    }

    private void drainOutput() throws IOException {
        if (outCount > 0) {
            int count = outCount;
            outCount = 0;
            send(outBuf, 0, count);
        }
    }

    private void send(byte[] bytes, int offset, int length) throws IOException {
        checkDeadline();
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    // ---- reading ----

    /** Reads and parses the next line. */
    ResponseLine readResponseLine() throws IOException {
        return ResponseLine.parse(readLine());
    }

    /** Reads the next line, ended by LF (CR LF from the meta protocol, bare LF in metadump output). */
    @Override
    public String readLine() throws IOException {
        int scanned = 0; // bytes after inPos already known not to hold the line end; fill() may move inPos
        while (true) {
            for (int i = inPos + scanned; i < inLimit; i++) {
                if (inBuf[i] == '\n') {
                    int end = i > inPos && inBuf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(inBuf, inPos, end - inPos, StandardCharsets.ISO_8859_1);
                    inPos = i + 1;
                    return line;
                }
            }
            scanned = inLimit - inPos;
            if (scanned >= MAX_LINE) {
                broken = true;
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            fill();
        }
    }

    /** Reads a value block of {@code size} bytes (at most {@link #MAX_VALUE_BYTES}) and the line end after it. */
    @Override
    public byte[] readValue(int size) throws IOException {
        if (size < 0 || size > MAX_VALUE_BYTES) {
            broken = true;
            throw new IOException("value block of " + size + " bytes announced; the limit is " + MAX_VALUE_BYTES);
        }
        int buffered = Math.min(size, inLimit - inPos);
        // Sized by what has arrived, doubling as more does: a corrupt size must not allocate gigabytes up front.
        byte[] value = new byte[Math.min(size, Math.max(buffered, BUFFER_SIZE))];
        System.arraycopy(inBuf, inPos, value, 0, buffered);
        inPos += buffered;
        int filled = buffered;
        while (filled < size) {
            if (filled == value.length) {
                value = Arrays.copyOf(value, (int) Math.min(size, 2L * value.length));
            }
            filled += receive(value, filled, value.length - filled); // large values skip the buffer
        }
        while (inLimit - inPos < 2) {
            fill();
        }
        if (inBuf[inPos] != '\r' || inBuf[inPos + 1] != '\n') {
            broken = true;
            throw new IOException("value block of " + size + " bytes not followed by CRLF");
        }
        inPos += 2;
        return value;
    }

    /** Reads more bytes into the input buffer, compacting or growing it first. */
    private void fill() throws IOException {
        if (inPos > 0) {
            System.arraycopy(inBuf, inPos, inBuf, 0, inLimit - inPos);
            inLimit -= inPos;
            inPos = 0;
        }
        if (inLimit == inBuf.length) {
            byte[] bigger = new byte[inBuf.length * 2];
            System.arraycopy(inBuf, 0, bigger, 0, inLimit);
            inBuf = bigger;
        }
        inLimit += receive(inBuf, inLimit, inBuf.length - inLimit);
    }

    private int receive(byte[] target, int offset, int length) throws IOException {
        checkDeadline();
        int read;
        try {
            read = in.read(target, offset, length); // blocking; the deadline watch closes the socket in time
        } catch (IOException e) {
            throw failed(e);
        }
        if (read < 0) {
            broken = true;
            if (!answerStarted && completedExchanges > 0) {
                throw new StaleConnectionException("connection closed by the server", null);
            }
            throw new EOFException("connection closed by the server" + firstAnswerHint());
        }
        answerStarted = true;
        return read;
    }

    /** Fails at once if the deadline has passed (a call that blocks past it is ended by the deadline watch). */
    private void checkDeadline() throws SocketTimeoutException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            broken = true;
            throw timedOut();
        }
    }

    /** Marks the connection unusable and turns a low-level failure into what the caller reports. */
    private IOException failed(IOException e) {
        broken = true;
        if (guard.fired() || e instanceof SocketTimeoutException) {
            return timedOut();
        }
        if (e instanceof SocketException && !answerStarted && completedExchanges > 0) {
            return new StaleConnectionException(e.getMessage(), e);
        }
        String hint = firstAnswerHint();
        if (e instanceof SocketException && !hint.isEmpty()) {
            SocketException explained = new SocketException(e.getMessage() + hint);
            explained.initCause(e);
            return explained;
        }
        return e;
    }

    /** @return why a new connection may lose its first answer (see {@link ConnectionFailures}), or "" */
    private String firstAnswerHint() {
        if (answerStarted || completedExchanges > 0) {
            return "";
        }
        return ConnectionFailures.beforeFirstAnswerHint(tls);
    }

    private SocketTimeoutException timedOut() {
        return ConnectionFailures.timedOut(operationTimeoutNanos);
    }

    @Override
    public void close() {
        broken = true;
        guard.close();
        closeQuietly(socket);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing useful can be done about a failed close of a connection being discarded.
        }
    }

    @Override
    public String toString() {
        return "MetaConnection[" + server + ", local port " + socket.getLocalPort() + "]";
    }
}
