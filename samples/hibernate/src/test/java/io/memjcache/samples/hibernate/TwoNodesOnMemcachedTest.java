package io.memjcache.samples.hibernate;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes sharing a real memcached 1.6, both configured by the same {@code file:} properties URL. */
class TwoNodesOnMemcachedTest extends TwoNodesContract {

    @TempDir
    static Path settingsDirectory;

    private static MemcachedSettingsFile memcached;

    @BeforeAll
    static void startMemcached() throws IOException {
        memcached = MemcachedSettingsFile.start(settingsDirectory);
    }

    @AfterAll
    static void stopMemcached() {
        memcached.close();
    }

    @Override
    String cacheUri() {
        return memcached.uri();
    }
}
