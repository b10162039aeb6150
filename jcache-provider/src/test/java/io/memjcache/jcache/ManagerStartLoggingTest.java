package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.support.LogCapture;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a cache manager logs when it starts, and the required-servers check, on the bundled server. */
class ManagerStartLoggingTest extends BackendTestSupport {

    @AfterEach
    void clearLookAlike() {
        System.clearProperty("memcache.servers");
    }

    @Test
    void aManagerLogsItsServersAndWarnsAboutALookAlikeSystemProperty() {
        System.setProperty("memcache.servers", "cache1:11211");
        URI uri = uniqueUri();
        Properties properties = properties(BUNDLED);
        properties.setProperty("memjcache.opTimeout", "2s");

        try (LogCapture log = LogCapture.provider()) {
            managerInNewProvider(uri, properties);

            assertEquals(
                    List.of("cache manager " + uri + " uses memcached servers "
                            + properties.getProperty("memjcache.servers")
                            + " with memjcache.opTimeout=2s"),
                    log.messages(Level.INFO));
            assertEquals(
                    List.of("cache manager " + uri + ": system property memcache.servers is ignored: it looks like"
                            + " memjcache.servers, and this provider's settings start with memjcache."),
                    log.messages(Level.WARNING));
        }
    }

    @Test
    void requiredServersFailTheManagerInsteadOfStartingTheEmbeddedServer() {
        Properties properties = new Properties();
        properties.setProperty("memjcache.requireServers", "true");

        CacheException e = assertThrows(CacheException.class, () -> managerInNewProvider(uniqueUri(), properties));

        assertTrue(e.getMessage().startsWith("memcached servers are required"), e.getMessage());
        assertTrue(!EmbeddedServer.isRunning(), "the embedded server was not started");
    }
}
