package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.report.Metrics;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The connect part's client, run by {@link ConnectPart} in a child JVM pinned to the client CPU. Two measurements
 * over the text protocol, each {@code samples} times after {@code samples / 5} unrecorded warm-up samples:
 *
 * <ul>
 *   <li>{@code first-reply}: open a TCP connection, send a {@code set}, read {@code STORED}, close;
 *   <li>{@code visible}: open a connection and send a {@code set}, then poll {@code get} on a long-lived connection
 *       until the value is there; timed from before the connect.
 * </ul>
 *
 * Connections close with an RST (linger 0) so that thousands of samples leave no TIME_WAIT sockets to exhaust the
 * ephemeral ports. Prints one line per measurement, {@code RESULT <name> <metric>=<ms> ...} (p50, p90, p99, max).
 * Single-threaded.
 */
public final class ConnectProbe {

    static final String FIRST_REPLY = "first-reply";
    static final String VISIBLE = "visible";

    private static final byte[] STORED = "STORED\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long POLL_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private ConnectProbe() {}

    /** @param args port (on the loopback address), samples */
    public static void main(String[] args) throws IOException {
        InetSocketAddress address = new InetSocketAddress(ServerProcess.LOOPBACK, Integer.parseInt(args[0]));
        int samples = Integer.parseInt(args[1]);
        String prefix = "probe" + Long.toString(System.nanoTime(), 36) + ":";
        Histogram firstReply = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram visible = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        try (Socket observer = open(address)) {
            InputStream observerIn = new BufferedInputStream(observer.getInputStream());
            int warmup = samples / 5;
            for (int i = 0; i < warmup + samples; i++) {
                long reply = firstReply(address, prefix + "r" + i);
                long seen = visible(address, prefix + "v" + i, observer.getOutputStream(), observerIn);
                if (i >= warmup) {
                    firstReply.recordValue(Math.min(reply, firstReply.getHighestTrackableValue()));
                    visible.recordValue(Math.min(seen, visible.getHighestTrackableValue()));
                }
            }
        }
        print(FIRST_REPLY, firstReply);
        print(VISIBLE, visible);
    }

    private static long firstReply(InetSocketAddress address, String key) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = open(address)) {
            socket.getOutputStream().write(set(key));
            expectStored(socket.getInputStream(), key);
            return System.nanoTime() - start;
        }
    }

    private static long visible(InetSocketAddress address, String key, OutputStream observerOut, InputStream observerIn)
            throws IOException {
        long start = System.nanoTime();
        try (Socket socket = open(address)) {
            socket.getOutputStream().write(set(key));
            byte[] get = ("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                observerOut.write(get);
                if (readGet(observerIn)) {
                    break;
                }
                if (System.nanoTime() - start > POLL_DEADLINE_NANOS) {
                    throw new IOException(key + " not visible after 10 s");
                }
            }
            long elapsed = System.nanoTime() - start;
            expectStored(socket.getInputStream(), key);
            return elapsed;
        }
    }

    private static Socket open(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoLinger(true, 0);
        socket.connect(address, 10_000);
        return socket;
    }

    private static byte[] set(String key) {
        return ("set " + key + " 0 0 1\r\nx\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void expectStored(InputStream in, String key) throws IOException {
        byte[] reply = in.readNBytes(STORED.length);
        if (!Arrays.equals(reply, STORED)) {
            throw new IOException("set " + key + ": " + new String(reply, StandardCharsets.US_ASCII).strip());
        }
    }

    /** @return whether the reply to a single-key get had a value; reads through its {@code END} line */
    private static boolean readGet(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during get");
            }
            reply.write(b);
            String text = reply.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("END\r\n") && (text.equals("END\r\n") || text.endsWith("\r\nEND\r\n"))) {
                return text.startsWith("VALUE ");
            }
        }
    }

    private static void print(String name, Histogram histogram) {
        System.out.printf(
                Locale.ROOT,
                "RESULT %s %s=%.6f %s=%.6f %s=%.6f %s=%.6f%n",
                name,
                Metrics.P50_MS,
                histogram.getValueAtPercentile(50) / 1e6,
                Metrics.P90_MS,
                histogram.getValueAtPercentile(90) / 1e6,
                Metrics.P99_MS,
                histogram.getValueAtPercentile(99) / 1e6,
                Metrics.MAX_MS,
                histogram.getMaxValue() / 1e6);
    }
}
