package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.MemjcacheCachingProvider;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memjcache.checkOnStart=true}: creating the manager contacts every server and fails with one
 * {@link CacheException} listing each server that cannot serve and why: nothing listening, a Redis, a memcached
 * older than 1.6, a TLS port spoken to in plaintext, a server that never answers, a plaintext port spoken to
 * with TLS, and refused credentials. Healthy servers are not listed.
 */
@Timeout(60)
class CheckOnStartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private static CacheManager manager(List<Integer> ports, String... keyValues) {
        Properties properties = new Properties();
        properties.setProperty(
                "memjcache.servers", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
        properties.setProperty("memjcache.checkOnStart", "true");
        properties.setProperty("memjcache.opTimeout", TIMEOUT.toMillis() + "ms");
        properties.setProperty("memjcache.connectTimeout", TIMEOUT.toMillis() + "ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new MemjcacheCachingProvider()
                .getCacheManager(
                        URI.create("memjcache:check-" + UUID.randomUUID()),
                        CheckOnStartTest.class.getClassLoader(),
                        properties);
    }

    @Test
    void aHealthyFleetStarts() {
        try (ServerUnderTest memcached = ServerUnderTest.reference();
                ServerUnderTest bundled = ServerUnderTest.bundled();
                CacheManager manager = manager(List.of(memcached.port(), bundled.port()))) {
            assertFalse(manager.isClosed());
        }
    }

    @Test
    void oneExceptionListsWhatIsWrongWithEachServer() throws IOException {
        int nothingListening = ReferenceMemcached.freePort();
        try (ServerUnderTest healthy = ServerUnderTest.bundled();
                ReferenceMemcached redis = ReferenceMemcached.startRedis();
                OldMemcached old = new OldMemcached();
                ServerUnderTest tlsOnly = SecureServers.start("memcached", "server", false, null);
                SecureServers.Silent silent = new SecureServers.Silent()) {
            List<Integer> ports =
                    List.of(healthy.port(), nothingListening, redis.port(), old.port(), tlsOnly.port(), silent.port());
            long start = System.nanoTime();
            CacheException e = assertThrows(CacheException.class, () -> manager(ports));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String message = e.getMessage();
            assertTrue(message.startsWith("memjcache.checkOnStart: 5 of 6 servers cannot serve:\n"), message);
            assertFalse(message.contains(":" + healthy.port() + ":"), message);
            assertLine(message, nothingListening, "cannot connect: Connection refused");
            assertLine(
                    message,
                    redis.port(),
                    "does not speak the memcached protocol: it answered '-ERR unknown command 'version'");
            assertLine(message, redis.port(), "(the Redis protocol)");
            assertLine(message, old.port(), "needs memcached 1.6 or later (meta protocol); it is 1.4.25");
            assertLine(message, tlsOnly.port(), "if the server requires TLS, set memjcache.tls=true");
            assertLine(message, silent.port(), "timed out after " + TIMEOUT.toMillis() + " ms");
            // Servers are checked at once: the silent one's wait is the longest, not the sum.
            assertTrue(millis < 2 * TIMEOUT.toMillis() + 3000, millis + " ms");
        }
    }

    @Test
    void tlsHandshakeFailuresAndRefusedCredentialsAreListed() {
        Path users = SecureServers.authFile(dir);
        try (ServerUnderTest secure = SecureServers.start("memcached", "server", false, users);
                ServerUnderTest plaintext = ServerUnderTest.bundled();
                ServerUnderTest otherCa = SecureServers.start("memjcache", "stranger-client", false, null)) {
            CacheException e = assertThrows(
                    CacheException.class,
                    () -> manager(
                            List.of(secure.port(), plaintext.port(), otherCa.port()),
                            "memjcache.tls",
                            "true",
                            "memjcache.tls.caFile",
                            SecureServers.certs().cert("ca").toString(),
                            "memjcache.username",
                            SecureServers.USER,
                            "memjcache.password",
                            "wrong-password"));
            String message = e.getMessage();
            assertTrue(message.startsWith("memjcache.checkOnStart: 3 of 3 servers cannot serve:\n"), message);
            assertLine(
                    message,
                    secure.port(),
                    "authentication failed on 127.0.0.1:" + secure.port() + " for user " + SecureServers.USER);
            assertLine(
                    message,
                    plaintext.port(),
                    "TLS handshake failed: Unsupported or unrecognized SSL message (does the server speak TLS on this "
                            + "port?)");
            assertLine(message, otherCa.port(), "TLS handshake failed");
            assertLine(message, otherCa.port(), "certification path");
            assertFalse(message.contains("wrong-password"), message);
        }
    }

    /** Asserts the message has a line for the server on {@code port} that contains {@code text}. */
    private static void assertLine(String message, int port, String text) {
        String prefix = "  127.0.0.1:" + port + ": ";
        List<String> lines = message.lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), "one line for port " + port + " in:\n" + message);
        assertTrue(lines.get(0).contains(text), "'" + text + "' in: " + lines.get(0));
    }

    /** A memcached before 1.6, as far as a client can tell: it has a version, and no meta commands. */
    static final class OldMemcached implements AutoCloseable {
        private final ServerSocket socket;

        OldMemcached() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::serve, "old-memcached");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (true) {
                try (Socket connection = socket.accept()) {
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = connection.getOutputStream();
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String answer = line.equals("version") ? "VERSION 1.4.25" : "ERROR";
                        out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
