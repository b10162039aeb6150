package io.memjcache.jcache.client;

import static io.memjcache.jcache.client.SecureServers.PASSWORD;
import static io.memjcache.jcache.client.SecureServers.USER;
import static io.memjcache.jcache.client.SecureServers.config;
import static io.memjcache.jcache.client.SecureServers.start;
import static io.memjcache.jcache.client.SecureServers.tls;
import static io.memjcache.jcache.client.TlsClientTest.assertNamesServer;
import static io.memjcache.jcache.client.TlsClientTest.failsInTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.MutableClock;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memcached's ASCII authentication ({@code -Y}) against the Debian memcached and the bundled server: the right
 * password serves every kind of request (shared, pooled and dedicated connections each authenticate); a wrong one
 * fails at once naming the server and the user, never the password, opens no connection per call, and does not
 * mark the server down; a corrected user file is picked up after the hold-off time.
 */
@Timeout(60)
class AsciiAuthClientTest {

    private static final Credentials RIGHT = new Credentials(USER, PASSWORD);
    static final Credentials WRONG = new Credentials(USER, "not-" + PASSWORD);
    /** Calls made with the wrong password in the retry-storm check. */
    private static final int CALLS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void theRightPasswordServesSharedPooledAndDedicatedConnections(String kind) {
        try (ServerUnderTest server = start(kind, null, false, SecureServers.authFile(dir));
                MemcachedClient client = MemcachedClient.create(config(server.port(), null, RIGHT))) {
            roundTrips(client);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void tlsAndAuthenticationTogether(String kind) {
        try (ServerUnderTest server = start(kind, "server", false, SecureServers.authFile(dir));
                MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), RIGHT))) {
            roundTrips(client);
        }
    }

    private static void roundTrips(MemcachedClient client) {
        client.store(StoreRequest.set("a", bytes("1"), 0)); // a shared connection
        assertEquals(
                Map.of("b", StoreStatus.STORED, "c", StoreStatus.STORED),
                client.storeAll(List.of(StoreRequest.set("b", bytes("2"), 0), StoreRequest.set("c", bytes("3"), 0))));
        assertEquals(3, client.getAll(List.of("a", "b", "c", "d")).size()); // a pooled connection
        assertEquals(3, client.keysWithPrefix("").size()); // a dedicated connection of its own
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aWrongPasswordFailsAtOnceNamingServerAndUserWithoutARetryStorm(String kind) {
        try (ServerUnderTest server = start(kind, null, false, SecureServers.authFile(dir));
                MemcachedClient client =
                        MemcachedClient.create(config(server.port(), null, WRONG), new MutableClock())) {
            long connectionsBefore = totalConnections(server.address());
            for (int i = 0; i < CALLS; i++) {
                int call = i;
                MemcachedException e = failsInTime(() -> {
                    switch (call % 3) {
                        case 0 -> client.get("k");
                        case 1 -> client.getAll(List.of("k", "l"));
                        default -> client.keysWithPrefix("");
                    }
                });
                assertRefusedTheWrongPassword(e, server.port());
            }
            assertFalse(client.pool(0).isDown(), "a refused password is no outage");
            // The first call's connection, and the one this count opens; nothing per call.
            long opened = totalConnections(server.address()) - connectionsBefore;
            assertTrue(opened <= 2, opened + " connections for " + CALLS + " calls");
        }
    }

    @Test
    void aCorrectedUserFileIsPickedUpAfterTheHoldOff() throws IOException {
        Path users = Files.writeString(dir.resolve("users.txt"), USER + ":an-old-password\n");
        try (ReferenceMemcached memcached = ReferenceMemcached.start("-Y", users.toString())) {
            MutableClock clock = new MutableClock();
            ClientConfig config = config(memcached.port(), null, RIGHT);
            try (MemcachedClient client = MemcachedClient.create(config, clock)) {
                failsInTime(() -> client.get("k"));
                SecureServers.authFile(dir); // the operator fixes the file and signals memcached to read it again
                TestServers.signal("HUP", Long.toString(memcached.pid()));
                MemcachedException held = failsInTime(() -> client.get("k"));
                assertTrue(held.getMessage().contains("no new attempt for"), held.getMessage());
                Duration holdOff = config.retryDelay().multipliedBy(1L << ServerHealth.MAX_DOUBLINGS);
                // memcached reads the file when its signal thread gets to it: until then an attempt is refused
                // again, and the next one waits for the hold-off once more.
                TestServers.awaitTrue(
                        () -> {
                            clock.advance(holdOff);
                            return served(client);
                        },
                        Duration.ofSeconds(10));
            }
        }
    }

    private static boolean served(MemcachedClient client) {
        try {
            return client.get("k").isEmpty();
        } catch (MemcachedException stillRefused) {
            return false;
        }
    }

    /** Asserts no message in the exception's chain shows the password. */
    /** Checks that {@code e} is the refusal of {@link #WRONG} by the server on {@code port}, without the password. */
    static void assertRefusedTheWrongPassword(MemcachedException e, int port) {
        assertNamesServer(e, port);
        assertTrue(
                e.getMessage().contains("authentication failed on 127.0.0.1:" + port + " for user " + USER),
                e.getMessage());
        assertNoPassword(e, WRONG.password());
    }

    static void assertNoPassword(@Nullable Throwable e, String password) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(password), t.toString());
            assertFalse(t.toString().contains(password), t.toString());
        }
    }

    /** @return the server's {@code total_connections}, asked on a connection that authenticates first */
    static long totalConnections(InetSocketAddress address) {
        try (Socket socket = new Socket(address.getHostString(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            byte[] auth = (USER + " " + PASSWORD).getBytes(StandardCharsets.UTF_8);
            out.write(("set auth 0 0 " + auth.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(auth);
            out.write("\r\nstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("STORED", in.readLine());
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                if (line.startsWith("STAT total_connections ")) {
                    return Long.parseLong(line.substring("STAT total_connections ".length()));
                }
            }
            throw new AssertionError("no total_connections in stats");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
