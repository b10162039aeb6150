package io.memjcache.jcache.client;

import io.memjcache.server.testsupport.ProcessSignals;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Servers for client tests: several of one kind ({@code memjcache} = the bundled server, {@code memcached} = the
 * reference binary), a client config for them, and a raw {@code stats} reader. Not thread-safe; close it.
 * Arguments must not be {@code null}; results are never {@code null}.
 */
public final class TestServers implements AutoCloseable {

    final List<ServerUnderTest> servers = new ArrayList<>();

    private TestServers() {}

    /** Waits, spinning, until {@code condition} holds; fails if it does not within {@code within}. */
    static void awaitTrue(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + within);
            }
            Thread.onSpinWait();
        }
    }

    static TestServers start(String kind, int count) {
        TestServers started = new TestServers();
        try {
            for (int i = 0; i < count; i++) {
                started.servers.add(ServerUnderTest.named(kind));
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    List<ServerAddress> addresses() {
        List<ServerAddress> addresses = new ArrayList<>();
        for (ServerUnderTest server : servers) {
            addresses.add(ServerAddress.of("127.0.0.1", server.port()));
        }
        return addresses;
    }

    ClientConfig config() {
        return new ClientConfig(
                addresses(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                4,
                Duration.ofSeconds(1),
                Duration.ofMillis(200));
    }

    /** @return the server's {@code stats} as name to value */
    public static Map<String, String> stats(InetSocketAddress address) {
        try (Socket socket = new Socket(address.getHostString(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Map<String, String> stats = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                String[] parts = line.split(" ", 3);
                stats.put(parts[1], parts[2]);
            }
            return stats;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code kill -<signal>} to a process, such as STOP and CONT to a memcached. */
    static void signal(String signal, String pid) {
        ProcessSignals.send(signal, Long.parseLong(pid));
    }

    static long stat(ServerUnderTest server, String name) {
        return Long.parseLong(stats(server.address()).get(name));
    }

    @Override
    public void close() {
        for (ServerUnderTest server : servers) {
            server.close();
        }
    }
}
