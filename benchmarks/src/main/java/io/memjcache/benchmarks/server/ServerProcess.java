package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One server started as an operator would, pinned to the server CPU: Debian's {@code memcached -u nobody ...} (the
 * {@code -u} only as root, where memcached requires it) or the bundled server's start command, both with the same
 * flags {@code -p <free port> -l 127.0.0.1 -t 4 -m <mb>}. Its output goes to a log file beside the results. Not
 * thread-safe, except {@link #rssKb()} and {@link #hwmKb()}, which only read {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {

    static final String MEMCACHED = "memcached";
    static final String MEMJCACHE = "memjcache";
    static final String HOST = "127.0.0.1";
    /** {@link #HOST} as an address, never looked up. */
    static final InetAddress LOOPBACK = loopback();

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ChildProcesses children;
    private final Process process;
    private final String target;
    private final int port;
    private final Path log;

    private ServerProcess(ChildProcesses children, Process process, String target, int port, Path log) {
        this.children = children;
        this.process = process;
        this.target = target;
        this.port = port;
        this.log = log;
    }

    /** Starts the target ({@link #MEMCACHED} or {@link #MEMJCACHE}) and waits until it accepts connections. */
    static ServerProcess start(ChildProcesses children, HarnessOptions options, String target, int memoryMb)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(pin(options.serverCpu));
        if (target.equals(MEMCACHED)) {
            command.add(options.memcached);
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
        } else {
            command.addAll(options.memjcacheCommand());
        }
        command.addAll(List.of("-p", Integer.toString(port), "-l", HOST, "-t", "4", "-m", Integer.toString(memoryMb)));
        Path log = Files.createDirectories(options.out.resolve("logs")).resolve(target + "-" + port + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // A launcher script starts the JVM of JAVA_HOME: the harness's own, unless the caller named one.
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process process = children.start(builder);
        ServerProcess server = new ServerProcess(children, process, target, port, log);
        server.awaitListening(command);
        return server;
    }

    /** @return {@code taskset -c <cpu>} as a command prefix, or nothing for a negative CPU */
    static List<String> pin(int cpu) {
        return cpu < 0 ? List.of() : List.of("taskset", "-c", Integer.toString(cpu));
    }

    String target() {
        return target;
    }

    int port() {
        return port;
    }

    /** @return the resident set size in KiB of the largest process of the server's tree (VmRSS) */
    long rssKb() throws IOException {
        return largest("VmRSS:");
    }

    /** @return the peak resident set size in KiB of the largest process of the server's tree (VmHWM) */
    long hwmKb() throws IOException {
        return largest("VmHWM:");
    }

    /** A launcher script's own process is small; the server is the tree's largest process. */
    private long largest(String field) throws IOException {
        long largest = 0;
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .toList();
        for (ProcessHandle handle : tree) {
            largest = Math.max(largest, statusKb(handle.pid(), field));
        }
        if (largest == 0) {
            throw new IOException(target + " has no " + field + " (process ended?)");
        }
        return largest;
    }

    private static long statusKb(long pid, String field) throws IOException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+", 2)[0]);
                }
            }
        } catch (NoSuchFileException e) {
            return 0; // a process of the tree that ended meanwhile
        }
        return 0;
    }

    private void awaitListening(List<String> command) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(target + " exited with " + process.exitValue() + ": " + command);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS); // a pause that ends early if the server dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        children.end(process);
        throw new IOException(target + " did not listen on port " + port + " within 60 s: " + command);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        children.end(process);
        if (Files.size(log) == 0) {
            Files.delete(log); // only logs that say something are kept
        }
    }
}
