package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ASCII authentication's user file ({@code -Y}): several users, and a reload when the process gets SIGHUP, as
 * memcached does (it re-reads the file then, and only then; a file that cannot be read keeps the users it had).
 * The bundled server runs as a child process, so that it gets a real signal.
 */
class AuthFileReloadTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void sighupReloadsTheUsers(String name) throws Exception {
        Path file = Files.writeString(dir.resolve("authfile"), "alice:one\ncarol:four\n");
        int port = ReferenceMemcached.freePort();
        ProcessHandle process = null;
        AutoCloseable stop;
        if (name.equals("memcached")) {
            ReferenceMemcached memcached = ReferenceMemcached.start("-Y", file.toString());
            port = memcached.port();
            process = ProcessHandle.of(memcached.pid()).orElseThrow();
            stop = memcached;
        } else {
            Process child = MainProcessTest.startMain(
                    dir.resolve("stderr.txt"), List.of(), "-p", Integer.toString(port), "-Y", file.toString());
            process = child.toHandle();
            stop = child::destroyForcibly;
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (stop) {
            awaitListening(address);
            try (TextConnection first = new TextConnection(address)) {
                assertEquals("STORED", authenticate(first, "alice one"));
                assertEquals("STORED", authenticateOnce(address, "carol four"));
                Files.writeString(file, "alice:two\nbob:three\n");
                assertEquals(
                        "CLIENT_ERROR authentication failure",
                        authenticateOnce(address, "alice two"),
                        "the file is read again only on SIGHUP");
                signalHangup(process.pid());
                awaitAuthenticates(address, "alice two");
                assertEquals("STORED", authenticateOnce(address, "bob three"));
                assertEquals("CLIENT_ERROR authentication failure", authenticateOnce(address, "alice one"));
                assertEquals("CLIENT_ERROR authentication failure", authenticateOnce(address, "carol four"));
                assertEquals("END", first.call("get k"), "an authenticated connection stays authenticated");
                Map<String, String> stats = first.stats();
                // How often the reload was polled for is not known: at least these were counted.
                assertTrue(Long.parseLong(stats.get("auth_cmds")) >= 6, stats.toString());
                assertTrue(Long.parseLong(stats.get("auth_errors")) >= 3, stats.toString());
                first.send("stats settings");
                List<String> settings = new ArrayList<>();
                for (String line = first.line(); !line.equals("END"); line = first.line()) {
                    settings.add(line);
                }
                assertTrue(settings.contains("STAT auth_enabled_ascii " + file), settings.toString());
            }
        }
    }

    @Test
    void aFileThatCannotBeReloadedKeepsTheUsers() throws Exception {
        Path file = Files.writeString(dir.resolve("authfile"), "alice:one\n");
        try (MemcachedServer server = MemcachedServer.start(
                ServerConfig.builder().port(0).authFile(file).build())) {
            Files.writeString(file, "alice:two\nno colon on this line\n");
            assertEquals(false, server.reloadAuthFile(), "a malformed file is refused");
            Files.delete(file);
            assertEquals(false, server.reloadAuthFile(), "a missing file is refused");
            assertEquals("CLIENT_ERROR authentication failure", authenticateOnce(server.address(), "alice two"));
            try (TextConnection c = new TextConnection(server.address())) {
                assertEquals("STORED", authenticate(c, "alice one"));
            }
            Files.writeString(file, "alice:two\n");
            assertEquals(true, server.reloadAuthFile());
            try (TextConnection c = new TextConnection(server.address())) {
                assertEquals("STORED", authenticate(c, "alice two"));
            }
        }
    }

    @Test
    void atMostEightUsersAreReadAsMemcachedDoes() throws Exception {
        StringBuilder users = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            users.append("user").append(i).append(":pass").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("authfile"), users);
        try (ReferenceMemcached memcached = ReferenceMemcached.start("-Y", file.toString());
                MemcachedServer server = MemcachedServer.start(
                        ServerConfig.builder().port(0).authFile(file).build())) {
            for (InetSocketAddress address : List.of(memcached.address(), server.address())) {
                assertEquals("STORED", authenticateOnce(address, "user8 pass8"));
                assertEquals("CLIENT_ERROR authentication failure", authenticateOnce(address, "user9 pass9"));
            }
        }
    }

    /** Sends the authenticating set on {@code c} and returns the answer. */
    private static String authenticate(TextConnection c, String token) throws IOException {
        c.send("set auth 0 0 " + token.length() + "\r\n" + token);
        return c.line();
    }

    /** Authenticates on a connection of its own, closed afterwards. */
    private static String authenticateOnce(InetSocketAddress address, String token) throws IOException {
        try (TextConnection c = new TextConnection(address)) {
            return authenticate(c, token);
        }
    }

    private static void awaitAuthenticates(InetSocketAddress address, String token) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String answer;
        do {
            try (TextConnection c = new TextConnection(address)) {
                answer = authenticate(c, token);
            }
            if (!answer.equals("STORED")) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } while (!answer.equals("STORED") && System.nanoTime() < deadline);
        assertEquals("STORED", answer, "'" + token + "' still refused " + PATIENCE + " after SIGHUP");
    }

    private static void signalHangup(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -HUP " + pid);
    }

    private static void awaitListening(InetSocketAddress address) throws IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(address, 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }
}
