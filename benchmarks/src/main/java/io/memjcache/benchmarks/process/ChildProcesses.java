package io.memjcache.benchmarks.process;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The processes a load harness starts (servers, load generators, child JVMs), pinned with {@code taskset} when it
 * is there, and the guarantee that none outlives the harness: every process is registered here and ended, with its
 * descendants (a launcher script's JVM, for example), by {@link #end}, by {@link #close} on the normal and the
 * failure path, and by a shutdown hook on Ctrl-C. Thread-safe.
 */
public final class ChildProcesses implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Thread hook = new Thread(this::endAll, "end-child-processes");
    private final @Nullable String taskset;

    public ChildProcesses() {
        this.taskset = onPath("taskset");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether processes are pinned to CPUs; without {@code taskset} they run unpinned, and the output says so. */
    public boolean pinning() {
        return taskset != null;
    }

    /** The absolute path of an executable on {@code PATH}, or null. */
    public static @Nullable String onPath(String name) {
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
    public Process start(String cpus, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (taskset != null) {
            full.add(taskset);
            full.add("-c");
            full.add(cpus);
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return start(builder);
    }

    /** Starts the process and tracks it until {@link #end} or {@link #close}. */
    public Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        live.add(process);
        return process;
    }

    /** Ends the process and its descendants: politely first, forcibly after a grace period. */
    public void end(Process process) {
        live.remove(process);
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }

    /**
     * For a child's main: ends this JVM at once when the process that started it ends, however it ended (a harness
     * killed with SIGKILL runs no shutdown hook), so that no load or server keeps running on its own.
     */
    public static void haltWhenParentExits() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            CompletableFuture<ProcessHandle> unused =
                    parent.onExit().whenComplete((p, e) -> Runtime.getRuntime().halt(3));
        });
    }

    /** A TCP port on loopback that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until the port accepts connections and, if {@code marker} is not null, the log holds that line; fails
     * if the process exits or the deadline passes first.
     */
    public static void awaitReady(Process process, int port, @Nullable String marker, Path log, Duration timeout)
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

    public static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    private void endAll() {
        List<Process> all = new ArrayList<>(live);
        all.forEach(this::end);
    }

    @Override
    public void close() {
        endAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway and ends whatever is left.
        }
    }
}
