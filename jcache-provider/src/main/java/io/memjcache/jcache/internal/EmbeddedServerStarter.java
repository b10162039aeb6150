package io.memjcache.jcache.internal;

import java.io.IOException;

/**
 * Starts the bundled memcached-compatible server in this JVM: the zero-configuration default. Internal: implemented
 * by the {@code memjcache-embedded} artifact, which registers it for {@link java.util.ServiceLoader}, so that the
 * provider alone carries no server (and no Netty) on the class path. The provider decides when to start and stop
 * the server (one per JVM, shared by its managers); an implementation only starts one when asked.
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor. Nothing here is {@code null}.
 */
public interface EmbeddedServerStarter {

    /**
     * Starts a server listening on a free port of {@code host}.
     *
     * @param host the address to listen on (a loopback address)
     * @param memoryMegabytes the server's memory limit, in MB
     * @param maxItemSize the server's item size limit, in bytes (memcached's {@code -I}), 1 KiB to 1 GiB and at
     *     most the memory limit
     * @return the running server; the caller stops it with {@link Running#close()}
     * @throws IOException if the server cannot listen
     */
    Running start(String host, long memoryMegabytes, int maxItemSize) throws IOException;

    /** A started server. Thread-safe; closing it twice is harmless. */
    interface Running extends AutoCloseable {

        /** @return the port the server listens on */
        int port();

        /** Stops the server and waits for its threads to end. */
        @Override
        void close();
    }
}
