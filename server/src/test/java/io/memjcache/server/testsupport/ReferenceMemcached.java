package io.memjcache.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * The Debian {@code memcached} binary, started on a free loopback port as the reference the project's server is
 * compared with.
 *
 * <p>When the binary is missing, {@link #start(String...)} aborts the calling test with a visible message, except
 * under CI ({@code CI=true}), where a missing binary is a failure: CI installs it, so its absence is a broken build.
 * The binary is looked up as the system property {@code test.memcached.binary}, then on {@code PATH}.
 *
 * <p>Not thread-safe; one instance per test class.
 */
public final class ReferenceMemcached implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final InetSocketAddress address;

    private ReferenceMemcached(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts memcached on 127.0.0.1 and a free port, with the given extra command-line arguments, and waits until
     * it accepts connections.
     */
    public static ReferenceMemcached start(String... extraArgs) {
        return start(Map.of(), extraArgs);
    }

    /**
     * Starts memcached as {@link #start(String...)} does, with further environment variables (such as
     * {@code SASL_CONF_PATH}).
     */
    public static ReferenceMemcached start(Map<String, String> environment, String... extraArgs) {
        return start(environment, 0, extraArgs);
    }

    /**
     * Starts memcached as {@link #start(String...)} does, on the given port: to restart a server where its
     * clients expect it.
     */
    public static ReferenceMemcached startOn(int port, String... extraArgs) {
        return start(Map.of(), port, extraArgs);
    }

    private static ReferenceMemcached start(Map<String, String> environment, int fixedPort, String... extraArgs) {
        Path binary = ToolBinaries.require("memcached", "memcached");
        return launch(
                binary,
                port -> {
                    List<String> command = new ArrayList<>(
                            List.of(binary.toString(), "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0"));
                    command.addAll(List.of(extraArgs));
                    if (isRoot()) {
                        command.addAll(List.of("-u", "root"));
                    }
                    return command;
                },
                environment,
                fixedPort);
    }

    /**
     * Starts another server program on 127.0.0.1 the same way, such as {@code redis-server} for tests of what a
     * client says when the server on the port is not memcached, and waits until it accepts connections.
     *
     * @param tool the program's name, found like memcached's binary
     * @param debianPackage the package that installs it, named when it is missing
     * @param command the command line for a given free port, starting with the program's path
     */
    public static ReferenceMemcached startProgram(
            String tool, String debianPackage, BiFunction<Path, Integer, List<String>> command) {
        Path binary = ToolBinaries.require(tool, debianPackage);
        return launch(binary, port -> command.apply(binary, port), Map.of(), 0);
    }

    /**
     * Starts a {@code redis-server} on 127.0.0.1 and a free port, persisting nothing: the server a client meets when
     * the port it was given is not memcached's.
     */
    public static ReferenceMemcached startRedis() {
        return startProgram(
                "redis-server",
                "redis-server",
                (binary, port) -> List.of(
                        binary.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no"));
    }

    /** @param fixedPort the port to start on; 0: a free one */
    private static ReferenceMemcached launch(
            Path binary, IntFunction<List<String>> commandForPort, Map<String, String> environment, int fixedPort) {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = fixedPort == 0 ? freePort() : fixedPort;
            try {
                ProcessBuilder builder = new ProcessBuilder(commandForPort.apply(port))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(environment);
                Process process = builder.start();
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                if (awaitListening(process, address)) {
                    return new ReferenceMemcached(process, address);
                }
                process.destroyForcibly();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start " + binary, last);
    }

    /** @return whether a memcached binary can be found */
    public static boolean isAvailable() {
        return ToolBinaries.locate("memcached") != null;
    }

    /** @return where the reference server listens */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the process id, for sending it signals */
    public long pid() {
        return process.pid();
    }

    /**
     * Sends the process a signal and waits until it took effect: {@code KILL} kills it at once (waits up to 5 s for it
     * to end), {@code STOP} makes it a silent server (it keeps its connections and data but answers nothing; returns
     * once every thread stopped, see {@link ProcessSignals}), {@code CONT} resumes it.
     */
    public void signal(String name) {
        ProcessSignals.send(name, process.pid());
        if (name.equals("KILL")) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.pid() + " to end", e);
            }
        }
    }

    /** @return the reference server's port */
    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        // A test server holds nothing worth a graceful exit, and memcached takes about a second to leave on SIGTERM.
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitListening(Process process, InetSocketAddress address) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, 200);
                return true;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        return false;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** @return a currently free TCP port on loopback */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
