package io.memjcache.server.suite;

import io.memjcache.server.testsupport.ToolBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * memcached's own test suite ({@code t/*.t}, Perl, run with {@code prove}), unpacked from Debian's source package of
 * memcached and run file by file against a server that is already running ({@code T_MEMD_USE_DAEMON=host:port}).
 *
 * <p>The source tarball ({@code memcached_<version>.orig.tar.*}) is looked for in the system property
 * {@code test.memcached.source} (a folder), then in the repository's git-ignored {@code .ci/debian-src}, where
 * {@code .ci/run} downloads it with {@code apt-get source}. A missing tarball or {@code prove} aborts the calling test
 * with a visible message, except under CI ({@code CI=true}), where it is a failure.
 *
 * <p>Unpacking, once per JVM, goes to {@code target/memcached-suite}. Two things are added there so that the files
 * run against a daemon: {@code memcached-debug}, a script that runs the Debian binary (the suite asks it for
 * {@code -h} to learn which features exist, and never starts it in daemon mode) and leaves the unix-socket option
 * out of its help, because the daemons under test listen on TCP only (otherwise {@code binary.t} expects a
 * {@code domain_socket} in {@code stats settings}); and one line in {@code t/lib/MemcachedTest.pm}
 * that gives a daemon connection the UDP port in {@code T_MEMD_UDP_PORT} (the suite only knows the UDP port of a
 * server it starts itself, so {@code udp.t} could not reach a daemon otherwise).
 *
 * <p>Thread-safe: unpacking is synchronized, and each {@link #prove} call runs its own process.
 */
final class MemcachedSuite {

    /** The line of MemcachedTest.pm that hands back a daemon connection, and what it becomes. */
    private static final String DAEMON_HANDLE =
            "port => $port);\n        }\n        croak(\"Failed to connect to specified";

    private static final String DAEMON_HANDLE_WITH_UDP =
            "port => $port, udpport => $ENV{T_MEMD_UDP_PORT});\n        }\n        croak(\"Failed to connect to specified";

    private static @Nullable MemcachedSuite unpacked;

    private final Path root;
    private final Path prove;

    private MemcachedSuite(Path root, Path prove) {
        this.root = root;
        this.prove = prove;
    }

    /** @return the suite, unpacked on first use; aborts (or under CI fails) the test if it cannot be had */
    static synchronized MemcachedSuite get() {
        if (unpacked == null) {
            Path prove = ToolBinaries.require("prove", "perl");
            Path memcached = ToolBinaries.require("memcached", "memcached");
            Path tarball = locateTarball();
            unpacked = new MemcachedSuite(unpack(tarball, memcached), prove);
        }
        return unpacked;
    }

    /** @return the unpacked source folder (the suite's working directory) */
    Path root() {
        return root;
    }

    /** @return a file of the suite's {@code t/} folder */
    Path testFile(String name) {
        return root.resolve("t").resolve(name);
    }

    /**
     * Runs one {@code t/} file with {@code prove} against a running server.
     *
     * @param file the file's name in {@code t/}, such as {@code "cas.t"}
     * @param tcpAddress {@code host:port} of the server
     * @param env further environment variables (such as {@code T_MEMD_UDP_PORT} or {@code SSL_TEST})
     * @param timeout how long the file may take; it is killed and reported failed after that
     */
    ProveResult prove(String file, String tcpAddress, Map<String, String> env, Duration timeout) {
        try {
            Path output = Files.createTempFile("prove-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(prove.toString(), "t/" + file)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().put("T_MEMD_USE_DAEMON", tcpAddress);
                builder.environment().putAll(env);
                long started = System.nanoTime();
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                String transcript = Files.readString(output, StandardCharsets.ISO_8859_1);
                int exit = finished ? process.exitValue() : -1;
                return new ProveResult(file, finished, exit, transcript, took);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + file, e);
        }
    }

    private static Path locateTarball() {
        List<Path> folders = new ArrayList<>();
        String configured = System.getProperty("test.memcached.source");
        if (configured != null && !configured.isBlank()) {
            folders.add(Path.of(configured));
        }
        // Surefire runs in the module's folder; the repository root is its parent.
        folders.add(Path.of("..", ".ci", "debian-src").toAbsolutePath().normalize());
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> found = Files.newDirectoryStream(folder, "memcached_*.orig.tar.*")) {
                for (Path tarball : found) {
                    return tarball;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String message = "memcached's source package (memcached_*.orig.tar.*) not found in " + folders
                + "; .ci/run downloads it there with 'apt-get source --download-only memcached'";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + "; CI must provide it");
        }
        System.err.println("SKIPPED: " + message + "; memcached's test suite is not run");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static Path unpack(Path tarball, Path memcached) {
        Path target = Path.of("target", "memcached-suite").toAbsolutePath();
        try {
            deleteRecursively(target);
            Files.createDirectories(target);
            Process tar = new ProcessBuilder("tar", "-xaf", tarball.toString(), "-C", target.toString())
                    .redirectErrorStream(true)
                    .start();
            String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("could not unpack " + tarball + ": " + tarOutput);
            }
            Path root;
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "memcached-*")) {
                root = found.iterator().next();
            }
            writeFeatureProbe(root.resolve("memcached-debug"), memcached);
            Path lib = root.resolve("t/lib/MemcachedTest.pm");
            String perl = Files.readString(lib, StandardCharsets.ISO_8859_1);
            if (!perl.contains(DAEMON_HANDLE)) {
                throw new IllegalStateException(lib + " has changed: cannot teach its daemon mode a UDP port");
            }
            Files.writeString(lib, perl.replace(DAEMON_HANDLE, DAEMON_HANDLE_WITH_UDP), StandardCharsets.ISO_8859_1);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        }
    }

    private static void writeFeatureProbe(Path script, Path memcached) throws IOException {
        String quoted = "'" + memcached.toAbsolutePath().toString().replace("'", "'\\''") + "'";
        Files.writeString(
                script, "#!/bin/sh\n" + quoted + " \"$@\" | grep -v -i 'unix-socket'\n", StandardCharsets.US_ASCII);
        if (!script.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + script + " executable");
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * What one file did.
     *
     * @param finished false if it was killed at the time limit
     * @param exitCode prove's exit status (0: every test passed), -1 if killed
     * @param transcript prove's output with the file's diagnostics
     */
    record ProveResult(String file, boolean finished, int exitCode, String transcript, Duration took) {

        boolean passed() {
            return finished && exitCode == 0 && transcript.contains("Result: PASS");
        }

        /** @return the end of the transcript, where prove's diagnostics and summary are */
        String tail() {
            int max = 6000;
            return transcript.length() <= max ? transcript : "..." + transcript.substring(transcript.length() - max);
        }
    }
}
