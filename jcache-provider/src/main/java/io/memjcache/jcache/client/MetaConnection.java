package io.memjcache.jcache.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

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
     * a socket that is never connected; everything else opens connections with {@link #open}.
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
     * @param socket  the TCP socket, which the guard closes at a deadline and {@link #close()} closes
     * @param layered what carries the protocol: {@code socket} itself, or TLS over it
     */
    private MetaConnection(
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
     * Connects to {@code server}, then sets up TLS and authenticates when configured, all within
     * {@code connectTimeout}: the deadline watch closes the socket of a connect, a handshake or an authentication
     * that outlives it.
     *
     * @param tls         TLS settings, or null for plaintext
     * @param credentials ASCII authentication, or null for none
     * @param watch       closes the socket of a connect or exchange that outlives its deadline
     * @param roundTrips  counts every {@link #flush()}, that is every write the server must answer
     * @throws AuthenticationException if the server refuses the credentials
     */
    static MetaConnection open(
            ServerAddress server,
            Duration connectTimeout,
            Duration operationTimeout,
            @Nullable ClientTls tls,
            @Nullable Credentials credentials,
            DeadlineWatch watch,
            LongAdder roundTrips)
            throws IOException {
        Socket socket = new Socket();
        DeadlineWatch.Guard guard = watch.guard(socket);
        try {
            socket.setTcpNoDelay(true); // requests are written whole; Nagle would only delay them
            socket.setKeepAlive(true);
            // No timeout argument: a timed connect would leave the socket in non-blocking mode; the guard times it.
            long deadline = System.nanoTime() + connectTimeout.toNanos();
            guard.arm(deadline);
            IOException failure = null;
            MetaConnection connection = null;
            try {
                socket.connect(new InetSocketAddress(server.host(), server.port()));
                Socket layered = tls == null ? socket : handshake(tls, socket, server);
                connection = new MetaConnection(server, socket, layered, guard, operationTimeout, roundTrips);
                if (credentials != null) {
                    connection.deadlineNanos = deadline;
                    connection.authenticate(credentials);
                }
            } catch (IOException e) {
                failure = e;
            }
            if (guard.disarm()) { // closed at the deadline: whatever the connect threw, it timed out
                throw connectTimedOut(connectTimeout, tls != null, credentials != null);
            }
            if (failure != null) {
                throw failure;
            }
            return Objects.requireNonNull(connection);
        } catch (IOException | RuntimeException e) {
            guard.close();
            closeQuietly(socket);
            throw e;
        }
    }

    /** @return the failure of a connect (with TLS and authentication as given) that outlived its deadline */
    static SocketTimeoutException connectTimedOut(Duration connectTimeout, boolean tls, boolean authenticated) {
        return new SocketTimeoutException("connect timed out after " + connectTimeout.toMillis() + " ms"
                + (tls ? " (including the TLS handshake)" : "")
                + (authenticated ? " (including authentication)" : ""));
    }

    /** Runs the TLS handshake on the connected socket (the caller's guard bounds it). */
    private static Socket handshake(ClientTls tls, Socket socket, ServerAddress server) throws IOException {
        SSLSocket ssl = tls.wrap(socket, server);
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            throw handshakeFailed(e);
        }
        return ssl;
    }

    /** @return the failure of a TLS handshake that failed with {@code e}, explained */
    static SSLException handshakeFailed(SSLException e) {
        String message = String.valueOf(e.getMessage());
        // What the JDK says when the first bytes back are not a TLS record: plaintext memcached answers ERROR.
        String hint = message.startsWith("Unsupported or unrecognized SSL message")
                ? " (does the server speak TLS on this port?)"
                : "";
        return new SSLException("TLS handshake failed: " + message + hint, e);
    }

    /**
     * Sends memcached's ASCII authentication ({@code set <key> 0 -1 <n>}, data {@code <user> <password>}) and
     * expects {@code STORED}; anything else is an {@link AuthenticationException}.
     */
    private void authenticate(Credentials credentials) throws IOException {
        byte[] data = credentials.authData();
        writeAscii("set " + Credentials.AUTH_KEY + " 0 -1 " + data.length + "\r\n");
        writeBytes(data);
        writeCrlf();
        flush();
        IOException refused = authenticationRefused(server, credentials, readLine());
        if (refused != null) {
            broken = true;
            throw refused;
        }
        completedExchanges++;
    }

    /**
     * @param answer the server's answer to the authentication request
     * @return null if it accepted the credentials, else the failure to report
     */
    static @Nullable IOException authenticationRefused(ServerAddress server, Credentials credentials, String answer) {
        if (answer.startsWith("-") || answer.startsWith("+")) {
            return new IOException(ServerIdentity.unexpected(answer)); // not memcached: say so, not blame the password
        }
        if (!answer.equals("STORED")) {
            return new AuthenticationException("authentication failed on " + server + " for user "
                    + credentials.username() + ": the server answered '"
                    + ServerIdentity.printable(credentials.redact(answer)) + "'; check memjcache.username and "
                    + "memjcache.password (or memjcache.passwordFile) against the server's -Y file");
        }
        return null;
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

    /**
     * @return why a new connection may lose its first answer: memcached resets a plaintext connection to a TLS
     *     port, the bundled server closes it; with TLS 1.3 a server that requires a client certificate refuses the
     *     connection only after the client's handshake has finished
     */
    private String firstAnswerHint() {
        if (answerStarted || completedExchanges > 0) {
            return "";
        }
        return tls
                ? " (before its first answer: if the server requires a client certificate, set "
                        + "memjcache.tls.certFile and memjcache.tls.keyFile)"
                : " (before its first answer: if the server requires TLS, set memjcache.tls=true)";
    }

    private SocketTimeoutException timedOut() {
        return timedOut(operationTimeoutNanos);
    }

    /** @return the failure of a request that got no answer within {@code timeoutNanos} */
    static SocketTimeoutException timedOut(long timeoutNanos) {
        return new SocketTimeoutException("timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    @Override
    public void close() {
        broken = true;
        guard.close();
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
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
