package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

/** Runs {@link Main} in this JVM (through {@link Main#run}) and as a real child process. */
class MainProcessTest {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionGoesToStdoutWithStatusZero() {
        int status = run("-V");
        assertAll(
                () -> assertEquals(0, status),
                () -> assertTrue(out().matches("memjcache \\S+ \\(memcached 1\\.6\\.18 compatible\\)\n"), out()),
                () -> assertEquals("", err()));
    }

    @Test
    void helpGoesToStdoutWithStatusZero() {
        int status = run("--help");
        assertAll(
                () -> assertEquals(0, status),
                () -> assertTrue(out().startsWith("memjcache "), out()),
                () -> assertTrue(out().contains("-p, --port=<num>"), out()),
                () -> assertEquals("", err()));
    }

    @Test
    void badFlagIsOneLineOnStderrPlusHintWithStatus64() {
        int status = run("-p", "abc");
        assertAll(
                () -> assertEquals(64, status),
                () -> assertEquals("", out()),
                () -> assertEquals(
                        "memjcache: invalid value 'abc' for -p: expected a TCP port from 0 to 65535\n"
                                + "Try -h for the list of options.\n",
                        err()));
    }

    @Test
    void portInUseIsReportedWithStatus71() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            int status = run("-p", port, "-l", "127.0.0.1");
            assertAll(
                    () -> assertEquals(71, status),
                    () -> assertEquals("", out()),
                    () -> assertTrue(
                            err().startsWith("memjcache: failed to listen on TCP port " + port + " of 127.0.0.1: "),
                            err()),
                    () -> assertEquals(1, err().lines().count(), err()));
        }
    }

    @Test
    void unknownHostIsReportedWithStatus71() {
        int status = run("-p", "0", "-l", "no-such-host.invalid");
        assertAll(
                () -> assertEquals(71, status),
                () -> assertEquals("memjcache: failed to listen on no-such-host.invalid: unknown host\n", err()));
    }

    @Test
    void childProcessServesUntilTerminated(@TempDir Path dir) throws Exception {
        int port = ReferenceMemcached.freePort();
        Path stderr = dir.resolve("stderr.txt");
        Process process = startMain(stderr, "-p", Integer.toString(port), "-l", "127.0.0.1", "-v");
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try (Socket socket = connectWithin(address, process)) {
                socket.setSoTimeout((int) PROCESS_TIMEOUT.toMillis());
                socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = readLine(socket.getInputStream());
                assertTrue(reply.startsWith("VERSION 1.6"), reply);
            }
            // The line is printed after the socket is bound, so it may trail the first reply: wait for it.
            // Other lines (a logging library's warnings on the test classpath) may come before it.
            String expected = "memjcache listening on 127.0.0.1:" + port + " (TCP)";
            String printed = awaitLine(stderr, expected);
            assertTrue(printed.lines().anyMatch(expected::equals), printed);
            process.destroy();
            assertTrue(
                    process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "server did not stop on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void childProcessExitsWith64OnBadFlag(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process process = startMain(stderr, "--bogus");
        try {
            assertTrue(process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "did not exit");
            assertEquals(64, process.exitValue());
            assertTrue(
                    Files.readString(stderr).startsWith("memjcache: unrecognized option '--bogus'\n"),
                    Files.readString(stderr));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void pidFileExistsWhileServingAndRequestsPerEventKeepsPipelinesInOrder(@TempDir Path dir) throws Exception {
        int port = ReferenceMemcached.freePort();
        Path stderr = dir.resolve("stderr.txt");
        Path pidFile = dir.resolve("memjcache.pid");
        Process process = startMain(stderr, "-p", Integer.toString(port), "-R", "1", "-P", pidFile.toString(), "-L");
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            connectWithin(address, process).close();
            assertEquals(process.pid() + "\n", awaitContent(pidFile));
            try (TextConnection connection = new TextConnection(address)) {
                assertEquals("STORED", connection.call("set n 0 0 1\r\n0"));
                connection.write(out -> {
                    for (int i = 0; i < 50; i++) {
                        out.write("incr n 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                });
                for (int i = 1; i <= 50; i++) {
                    assertEquals(Integer.toString(i), connection.line(), "answer " + i + " in order");
                }
                Map<String, String> stats = connection.stats();
                assertTrue(Long.parseLong(stats.get("conn_yields")) > 0, stats::toString);
            }
            String warning =
                    "memjcache: -L ignored: large pages are the JVM's to use: start it with" + " -XX:+UseLargePages";
            assertTrue(Files.readString(stderr).lines().anyMatch(warning::equals), Files.readString(stderr));
            process.destroy();
            assertTrue(
                    process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "server did not stop on SIGTERM");
            assertFalse(Files.exists(pidFile), "the pid file is removed on stop");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void daemonDetachesIntoItsOwnSessionAndRemovesItsPidFileOnStop(@TempDir Path dir) throws Exception {
        int port = ReferenceMemcached.freePort();
        Path stderr = dir.resolve("stderr.txt");
        Path pidFile = dir.resolve("memjcache.pid");
        Process launcher = startMain(stderr, "-d", "-p", Integer.toString(port), "-P", pidFile.toString());
        ProcessHandle daemon = null;
        try {
            assertTrue(launcher.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "-d did not return");
            String launcherOutput = Files.readString(stderr);
            assertEquals(0, launcher.exitValue(), () -> "launcher failed: " + launcherOutput);
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no daemon process " + pid));
            assertTrue(pid != launcher.pid(), "the daemon is a process of its own");
            assertEquals(pid, sessionOf(pid), "the daemon leads a session of its own, without a terminal");
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            try (TextConnection connection = new TextConnection(address)) {
                assertTrue(connection.call("version").startsWith("VERSION 1.6"));
            }
            assertTrue(daemon.destroy(), "SIGTERM sent");
            daemon.onExit().get(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertFalse(Files.exists(pidFile), "the pid file is removed on stop");
        } finally {
            launcher.destroyForcibly();
            if (daemon != null) {
                daemon.destroyForcibly();
            }
        }
    }

    /** @return the session id of a process, from {@code /proc/<pid>/stat} (Linux) */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // pid (comm) state ppid pgrp session ...: the command name may hold spaces, so count after its ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
        return Long.parseLong(fields[3]);
    }

    private static String awaitContent(Path file) throws IOException {
        long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return Files.readString(file);
    }

    private static Process startMain(Path stderr, String... args) throws IOException {
        return startMain(stderr, List.of(), args);
    }

    /** Starts {@link Main} in a child JVM with the given JVM options and server arguments. */
    static Process startMain(Path stderr, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
    }

    static Socket connectWithin(InetSocketAddress address, Process process) throws IOException {
        long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(
                    process.isAlive(),
                    "server process exited early with status " + (process.isAlive() ? "" : process.exitValue()));
            Socket socket = new Socket();
            try {
                socket.connect(address, 200);
                return socket;
            } catch (IOException notListeningYet) {
                socket.close();
                last = notListeningYet;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        throw new IOException("server did not listen on " + address + " within " + PROCESS_TIMEOUT, last);
    }

    private static String awaitLine(Path file, String line) throws IOException {
        long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
        String content = Files.readString(file);
        while (!content.contains(line + "\n") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            content = Files.readString(file);
        }
        return content;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                assertFalse(line.length() == 0 || line.charAt(line.length() - 1) != '\r', "line not ended by \\r\\n");
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
        return fail("connection closed after " + line);
    }
}
