package io.memjcache.jcache.race;

import io.memjcache.server.testsupport.ReferenceMemcached;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server in a process of its own, so that a test can stop it with {@code SIGSTOP}: memcached 1.6.18
 * ({@link ReferenceMemcached}) or the bundled server's command line ({@code io.memjcache.server.cli.Main}) in a JVM
 * started with this JVM's class path.
 *
 * <p>Not thread-safe; close it when done.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final InetSocketAddress address;
    private final long pid;
    private final AutoCloseable resource;

    private ServerProcess(InetSocketAddress address, long pid, AutoCloseable resource) {
        this.address = address;
        this.pid = pid;
        this.resource = resource;
    }

    /** Starts {@code "memjcache"} (the bundled server) or {@code "memcached"} and waits until it accepts. */
    static ServerProcess start(String name) throws IOException {
        if (name.equals("memcached")) {
            ReferenceMemcached memcached = ReferenceMemcached.start();
            return new ServerProcess(memcached.address(), memcached.pid(), memcached);
        }
        int port = ReferenceMemcached.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.memjcache.server.cli.Main",
                        "-p",
                        Integer.toString(port),
                        "-l",
                        "127.0.0.1"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ServerProcess server = new ServerProcess(address, process.pid(), process::destroyForcibly);
        long deadline = System.nanoTime() + START_NANOS;
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    server.close();
                    throw new IllegalStateException("the bundled server did not start on port " + port, notYet);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling the port, with a deadline
            }
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** Sends the process {@code SIGSTOP} ({@code "STOP"}) or {@code SIGCONT} ({@code "CONT"}) and waits until sent. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the server", e);
        }
    }
}
