package io.memjcache.server.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * {@code -d}: running as a daemon, as far as a JVM can. Java cannot fork, so the server starts again as a new JVM
 * with the same JVM options, class path and arguments, in a session of its own (through util-linux's
 * {@code setsid}, so that it has no controlling terminal and a hang-up of the terminal does not reach it), with its
 * standard input from {@code /dev/null} and, unless {@code -v} was given (memcached then keeps them open too), its
 * output discarded. The first JVM waits until the daemon listens and exits 0, or, if the daemon fails to start,
 * prints what it printed and exits with its status. Without {@code setsid} the daemon could not be detached
 * honestly, so {@code -d} is refused.
 *
 * <p>The daemon learns that it is one from the system property {@value #READY_PROPERTY}, the file it creates once
 * it listens. Not thread-safe; for {@link Main} only.
 */
final class Daemon {

    /** Names the file the daemon creates once it listens; set only on the daemon's own JVM. */
    static final String READY_PROPERTY = "memjcache.daemon.ready";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

    private Daemon() {}

    /** @return whether this JVM is the daemon that {@code -d} started */
    static boolean isDaemon() {
        return System.getProperty(READY_PROPERTY) != null;
    }

    /** Tells the JVM that started this daemon that it listens; does nothing in a JVM that is no daemon. */
    static void ready(PrintStream err) {
        String ready = System.getProperty(READY_PROPERTY);
        if (ready != null) {
            try {
                Files.writeString(Path.of(ready), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                err.println("memjcache: cannot tell the starting process that the daemon listens: " + e.getMessage());
            }
        }
    }

    /**
     * Starts the daemon and waits until it listens.
     *
     * @param args the command line, passed on unchanged
     * @param verbose whether {@code -v} was given: the daemon then keeps this process's output
     * @return the exit status of this process
     */
    static int start(String[] args, boolean verbose, PrintStream err) {
        String setsid = setsid();
        if (setsid == null) {
            err.println("memjcache: -d needs util-linux's setsid to detach the server from the terminal, and it is"
                    + " not in " + SETSID + "; run without -d under a service manager instead");
            return Main.EXIT_OS_ERROR;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("memjcache-daemon");
            Path ready = dir.resolve("ready");
            Path log = dir.resolve("startup.log");
            ProcessBuilder builder = new ProcessBuilder(command(setsid, ready, args))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (verbose) {
                builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
            }
            return await(builder.start(), ready, log, err);
        } catch (IOException e) {
            err.println("memjcache: cannot start the daemon: " + e.getMessage());
            return Main.EXIT_OS_ERROR;
        } finally {
            if (dir != null) {
                deleteAll(dir);
            }
        }
    }

    private static int await(Process daemon, Path ready, Path log, PrintStream err) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ready)) {
            if (!daemon.isAlive()) {
                if (Files.exists(log)) {
                    err.print(Files.readString(log));
                }
                err.println("memjcache: the daemon exited with status " + daemon.exitValue() + " before listening");
                return daemon.exitValue();
            }
            if (System.nanoTime() > deadline) {
                daemon.destroy();
                err.println("memjcache: the daemon did not listen within " + START_TIMEOUT.toSeconds() + " s");
                return Main.EXIT_OS_ERROR;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return Main.EXIT_OK;
    }

    private static List<String> command(String setsid, Path ready, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(setsid);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + READY_PROPERTY + "=" + ready);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static @Nullable String setsid() {
        for (String candidate : SETSID) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temporary directory left behind is no reason to fail the start.
        }
    }
}
