package io.memjcache.samples.hibernate;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real memcached process plus a memjcache properties file naming it, as an operator would deploy the settings
 * next to the application. Hibernate is pointed at the file by its {@code file:} URL.
 *
 * <p>Not thread-safe; create and close from one thread. No nulls.
 */
final class MemcachedSettingsFile implements AutoCloseable {

    private final ReferenceMemcached memcached;
    private final Path file;

    private MemcachedSettingsFile(ReferenceMemcached memcached, Path file) {
        this.memcached = memcached;
        this.file = file;
    }

    /** Starts memcached and writes {@code memjcache.properties} naming it into {@code directory}. */
    static MemcachedSettingsFile start(Path directory) throws IOException {
        ReferenceMemcached memcached = ReferenceMemcached.start();
        try {
            Path file = directory.resolve("memjcache.properties");
            Files.writeString(
                    file,
                    "memjcache.servers=127.0.0.1:" + memcached.port() + "\n"
                            + "memjcache.serialization.allow=org.hibernate.cache.**\n");
            return new MemcachedSettingsFile(memcached, file);
        } catch (IOException | RuntimeException e) {
            memcached.close();
            throw e;
        }
    }

    /** @return the {@code file:} URL of the settings, for {@code hibernate.javax.cache.uri} */
    String uri() {
        return file.toUri().toString();
    }

    /** @return memcached's own counters, to show the cache traffic really went there */
    Map<String, String> serverStats() {
        try (TextConnection connection = new TextConnection(memcached.address())) {
            return connection.stats();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        memcached.close();
    }
}
