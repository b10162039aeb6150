package io.memjcache.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sends a signal to a process with {@code kill}. A {@code STOP} returns only once every thread of the process has
 * stopped: {@code kill} returns as soon as the signal is sent, and a multi-threaded server such as memcached keeps
 * answering on its other threads for a moment, which would let a test's "stopped server" still serve. Linux only
 * (reads {@code /proc}). Stateless and thread-safe; arguments must not be {@code null}.
 */
public final class ProcessSignals {

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private ProcessSignals() {}

    /**
     * @param signal the signal's name without {@code SIG}, e.g. {@code STOP}, {@code CONT}, {@code HUP}
     * @param pid    the process
     * @throws IllegalStateException if {@code kill} failed, or a stopped process's threads did not all stop within
     *                               10 s
     */
    public static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
        if (signal.equals("STOP")) {
            long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
            while (!allThreadsStopped(pid)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "process " + pid + " not stopped " + STOP_PATIENCE + " after SIGSTOP");
                }
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // polls /proc, with the deadline above
            }
        }
    }

    private static boolean allThreadsStopped(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.allMatch(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // The state follows the command name, which is in parentheses.
                    return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
                } catch (IOException e) {
                    return true; // the thread ended
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
