package io.memjcache.jcache;

import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.internal.EmbeddedServerStarter;
import io.memjcache.jcache.support.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The bundled memcached-compatible server used when no servers are configured: one per JVM, listening on a free
 * loopback port, started by the first cache manager that needs it and stopped when the last one closes (or, for
 * managers dropped without closing, is collected: see {@link ManagerResources}).
 *
 * <p>The server itself comes from the optional {@code memjcache-embedded} artifact, found through
 * {@link ServiceLoader} as an {@link EmbeddedServerStarter}, so that an application talking to memcached servers
 * carries no server and no Netty. It is looked up with the provider's own class loader first: when the artifact
 * sits next to the provider (the usual case), the running server then refers to no application's loader. Only
 * when the provider's loader lacks it is it looked up with the loader of the manager that starts the server; that
 * loader is then held by the server until it stops.
 *
 * <p>Thread-safe (all state is guarded by the class lock). Nothing returns {@code null}.
 */
final class EmbeddedServer {

    private static final String HOST = "127.0.0.1";

    private static EmbeddedServerStarter.@Nullable Running server;
    /** The limits the running server was started with, for the managers' log lines. */
    private static String limits = "";

    private static int references;

    private EmbeddedServer() {}

    /**
     * Takes a reference to the embedded server, starting it if needed.
     *
     * @param memoryMegabytes the memory limit used if this call starts the server
     * @param maxItemSize the item size limit, in bytes, used if this call starts the server
     * @param managerLoader the class loader of the manager asking, searched for the server if the provider's is not
     * @return the reference; release it exactly once (further releases are ignored)
     * @throws CacheException if the server cannot start, or {@code memjcache-embedded} is not on the class path
     */
    static synchronized Lease acquire(long memoryMegabytes, int maxItemSize, ClassLoader managerLoader) {
        EmbeddedServerStarter.Running running = server;
        if (running == null) {
            EmbeddedServerStarter starter = starter(managerLoader);
            // The server's threads inherit the starting thread's context class loader (and access control context)
            // and outlive the application that happened to start the server: they must not refer to its loader.
            Thread thread = Thread.currentThread();
            ClassLoader applicationLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(DaemonThreads.providerLoader());
            try {
                running = DaemonThreads.outsideCallerContext(() -> start(starter, memoryMegabytes, maxItemSize));
            } catch (UncheckedIOException e) {
                throw new CacheException("cannot start the embedded memcached server: " + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(applicationLoader);
            }
            server = running;
            limits = "memory limit " + memoryMegabytes + " MB, item size limit " + maxItemSize + " bytes";
        }
        references++;
        return new Lease(new ServerAddress(HOST, running.port(), 1), limits);
    }

    private static EmbeddedServerStarter.Running start(
            EmbeddedServerStarter starter, long memoryMegabytes, int maxItemSize) {
        try {
            return starter.start(HOST, memoryMegabytes, maxItemSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the starter of the provider's class loader, else of {@code managerLoader} */
    private static EmbeddedServerStarter starter(ClassLoader managerLoader) {
        EmbeddedServerStarter starter = find(DaemonThreads.providerLoader());
        if (starter == null && managerLoader != DaemonThreads.providerLoader()) {
            starter = find(managerLoader);
        }
        if (starter == null) {
            throw new CacheException(absentMessage());
        }
        return starter;
    }

    private static @Nullable EmbeddedServerStarter find(ClassLoader loader) {
        Iterator<EmbeddedServerStarter> found =
                ServiceLoader.load(EmbeddedServerStarter.class, loader).iterator();
        try {
            return found.hasNext() ? found.next() : null;
        } catch (ServiceConfigurationError e) {
            throw new CacheException("cannot load the embedded memcached server: " + e.getMessage(), e);
        }
    }

    /** @return what to do when the embedded server was asked for and its artifact is absent */
    private static String absentMessage() {
        return "memjcache.servers is 'embedded' (its default), which starts the bundled memcached-compatible server"
                + " in this JVM, but that server is not on the class path: add the dependency "
                + "io.memjcache:memjcache-embedded:" + providerVersion()
                + " for the zero-configuration default, or set memjcache.servers to your memcached servers"
                + " (host[:port[:weight]],...)";
    }

    /** @return the provider's version, recorded in its jar when it is built */
    private static String providerVersion() {
        Properties build = new Properties();
        try (InputStream in = EmbeddedServer.class.getResourceAsStream("memjcache-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // Only the message loses its version: name the artifact without one.
        }
        return build.getProperty("version", "<the provider's version>");
    }

    /** @return whether the embedded server is running: some manager holds a reference (for diagnostics and tests) */
    static synchronized boolean isRunning() {
        return server != null;
    }

    private static synchronized void release() {
        references--;
        EmbeddedServerStarter.Running running = server;
        if (references == 0 && running != null) {
            server = null;
            running.close();
        }
    }

    /** One manager's reference to the embedded server. Thread-safe; releasing twice is harmless. */
    static final class Lease {

        private final ServerAddress address;
        private final String limits;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(ServerAddress address, String limits) {
            this.address = address;
            this.limits = limits;
        }

        /**
         * @return where the server listens and the limits it was started with (by whichever manager started it),
         *     for a log line
         */
        String describe() {
            return "the embedded server on " + address + " (" + limits + "), visible to this JVM only";
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
