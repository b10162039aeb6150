package io.memjcache.embedded;

import io.memjcache.jcache.internal.EmbeddedServerStarter;
import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import java.io.IOException;

/**
 * Starts memjcache's own memcached-compatible server for the provider's zero-configuration default. Found by the
 * provider through {@link java.util.ServiceLoader}; not meant to be used directly.
 *
 * <p>Thread-safe (stateless). Nothing here is {@code null}.
 */
public final class BundledServerStarter implements EmbeddedServerStarter {

    /** For the service loader. */
    public BundledServerStarter() {}

    @Override
    public Running start(String host, long memoryMegabytes, int maxItemSize) throws IOException {
        MemcachedServer server = MemcachedServer.start(ServerConfig.builder()
                .listenAddress(host)
                .port(0)
                .memoryLimitMegabytes(memoryMegabytes)
                .maxItemSize(maxItemSize)
                .build());
        return new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
