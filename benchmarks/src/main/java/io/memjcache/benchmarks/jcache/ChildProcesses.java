package io.memjcache.benchmarks.jcache;

import java.io.File;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Starts the harness's child processes (servers and load JVMs), pinned with {@code taskset} when it is there, each
 * with its output in a log file, and makes sure none outlives the harness: every process is registered here and
 * destroyed by {@link #close} and, on Ctrl-C or any other exit, by a shutdown hook. Thread-safe.
 */
final class ChildProcesses implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Thread hook = new Thread(this::destroyAll, "child-process-reaper");
    private final @Nullable String taskset;

    ChildProcesses() {
        this.taskset = onPath("taskset");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether processes are pinned to CPUs; without {@code taskset} they run unpinned, and the output says so. */
    boolean pinning() {
        return taskset != null;
    }

    /** The absolute path of an executable on {@code PATH}, or null. */
    static @Nullable String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Starts {@code command} on the given CPUs (e.g. "0", "0-1"), its output (both streams) into {@code log}. */
    Process start(String cpus, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (taskset != null) {
            full.add(taskset);
            full.add("-c");
            full.add(cpus);
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        live.add(process);
        return process;
    }

    /** Ends a process: politely first, then forcibly after a grace period. */
    void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        live.remove(process);
    }

    /**
     * For a child's main: ends this JVM at once when the process that started it ends, however it ended (a harness
     * killed with SIGKILL runs no shutdown hook), so that no load or server keeps running on its own.
     */
    static void haltWhenParentExits() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            CompletableFuture<ProcessHandle> unused =
                    parent.onExit().whenComplete((p, e) -> Runtime.getRuntime().halt(3));
        });
    }

    /** A TCP port on loopback that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until the port accepts connections and, if {@code marker} is not null, the log holds that line; fails
     * if the process exits or the deadline passes first.
     */
    static void awaitReady(Process process, int port, @Nullable String marker, Path log, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "exited with " + process.exitValue() + " before it was ready; its output:\n" + tail(log));
            }
            if (accepts(port)
                    && (marker == null
                            || Files.readString(log, StandardCharsets.UTF_8).contains(marker))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("not ready after " + timeout.toSeconds() + " s; its output:\n" + tail(log));
            }
            // Polling a process that is starting: nothing to be notified by.
            Thread.sleep(20);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    private void destroyAll() {
        for (Process process : live) {
            process.destroyForcibly();
        }
        live.clear();
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
    }
}
