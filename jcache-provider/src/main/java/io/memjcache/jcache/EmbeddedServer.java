package io.memjcache.jcache;

import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.support.DaemonThreads;
import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The bundled memcached-compatible server used when no servers are configured: one per JVM, listening on a free
 * loopback port, started by the first cache manager that needs it and stopped when the last one closes (or, for
 * managers dropped without closing, is collected: see {@link ManagerResources}).
 *
 * <p>Thread-safe (all state is guarded by the class lock). Nothing returns {@code null}.
 */
final class EmbeddedServer {

    private static @Nullable MemcachedServer server;
    private static int references;

    private EmbeddedServer() {}

    /**
     * Takes a reference to the embedded server, starting it if needed.
     *
     * @param memoryMegabytes the memory limit used if this call starts the server
     * @return the reference; release it exactly once (further releases are ignored)
     * @throws CacheException if the server cannot start
     */
    static synchronized Lease acquire(long memoryMegabytes) {
        if (server == null) {
            // The server's threads inherit the starting thread's context class loader (and access control context)
            // and outlive the application that happened to start the server: they must not refer to its loader.
            Thread starter = Thread.currentThread();
            ClassLoader applicationLoader = starter.getContextClassLoader();
            starter.setContextClassLoader(DaemonThreads.providerLoader());
            try {
                ServerConfig config = ServerConfig.builder()
                        .listenAddress("127.0.0.1")
                        .port(0)
                        .memoryLimitMegabytes(memoryMegabytes)
                        .build();
                server = DaemonThreads.outsideCallerContext(() -> start(config));
            } catch (UncheckedIOException e) {
                throw new CacheException("cannot start the embedded memcached server: " + e.getMessage(), e);
            } finally {
                starter.setContextClassLoader(applicationLoader);
            }
        }
        references++;
        return new Lease(new ServerAddress("127.0.0.1", server.port(), 1));
    }

    private static MemcachedServer start(ServerConfig config) {
        try {
            return MemcachedServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the embedded server is running: some manager holds a reference (for diagnostics and tests) */
    static synchronized boolean isRunning() {
        return server != null;
    }

    private static synchronized void release() {
        references--;
        if (references == 0 && server != null) {
            server.close();
            server = null;
        }
    }

    /** One manager's reference to the embedded server. Thread-safe; releasing twice is harmless. */
    static final class Lease {

        private final ServerAddress address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(ServerAddress address) {
            this.address = address;
        }

        /** @return where the embedded server listens */
        ServerAddress address() {
            return address;
        }

        /** Drops this reference; the server stops when no reference is left. */
        void release() {
            if (released.compareAndSet(false, true)) {
                EmbeddedServer.release();
            }
        }
    }
}
