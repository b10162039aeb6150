package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.management.ServerStatisticsMXBean;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Every server of every open manager has a {@link ServerStatisticsMXBean} on the platform MBean server, whose
 * numbers follow what the manager did: requests, errors, timeouts, state, latency and connections.
 */
class ServerStatisticsTest extends BackendTestSupport {

    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    private static ServerStatisticsMXBean bean(URI uri, String server) {
        ObjectName name = MBeans.serverObjectName(uri, server);
        assertTrue(PLATFORM.isRegistered(name), name + " is registered");
        return JMX.newMXBeanProxy(PLATFORM, name, ServerStatisticsMXBean.class);
    }

    @Test
    void theBeanCountsRequestsAndLatencyUnderADocumentedNameUntilTheManagerCloses() throws Exception {
        // The properties' server list overrides the URI's: the URI only gives the name its awkward characters.
        URI uri = URI.create("memcached://127.0.0.1:1,127.0.0.1:2?opTimeout=1s");
        Properties properties = properties(BUNDLED);
        String server = properties.getProperty("memjcache.servers");
        MemjcacheCacheManager manager = managerInNewProvider(uri, properties);
        ServerStatisticsMXBean statistics = bean(uri, server);
        ObjectName name = MBeans.serverObjectName(uri, server);
        assertEquals(
                "io.memjcache:type=ServerStatistics,manager=\"memcached://127.0.0.1:1,127.0.0.1:2\\?opTimeout=1s\","
                        + "server=\"" + server + "\"",
                name.toString());
        assertEquals(uri.toString(), ObjectName.unquote(name.getKeyProperty("manager")));

        MemcachedClient client = manager.client();
        long before = statistics.getRequests();
        for (int i = 0; i < 100; i++) {
            client.get("stats-" + i);
        }
        assertEquals(server, statistics.getServer());
        assertTrue(statistics.isUp());
        assertEquals(100, statistics.getRequests() - before);
        assertEquals(0, statistics.getErrors());
        assertTrue(statistics.getLatencyP50Micros() > 0, "a round trip takes time");
        assertTrue(statistics.getLatencyP50Micros() <= statistics.getLatencyP99Micros());
        assertTrue(statistics.getLatencyP99Micros() <= statistics.getLatencyMaxMicros());
        assertTrue(statistics.getLatencyTotalMicros() >= statistics.getLatencyMaxMicros());
        assertTrue(statistics.getConnectionsOpened() >= 1);
        assertEquals(0, statistics.getSharedConnectionsBusy(), "nothing in flight");
        assertEquals(0, statistics.getPooledConnectionsActive(), "nothing in flight");

        manager.close();
        assertFalse(PLATFORM.isRegistered(name), "unregistered with the manager");
    }

    @Test
    void aDeadServerIsDownWithItsErrorsAndASilentOneCountsTimeouts() throws IOException {
        int dead = ReferenceMemcached.freePort();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Properties properties = new Properties();
            String silentServer = "127.0.0.1:" + silent.getLocalPort();
            String deadServer = "127.0.0.1:" + dead;
            properties.setProperty("memjcache.servers", deadServer);
            properties.setProperty("memjcache.retryDelay", "1h");
            URI deadUri = uniqueUri();
            MemcachedClient deadClient =
                    managerInNewProvider(deadUri, properties).client();
            properties.setProperty("memjcache.servers", silentServer);
            properties.setProperty("memjcache.opTimeout", "100ms");
            URI silentUri = uniqueUri();
            MemcachedClient silentClient =
                    managerInNewProvider(silentUri, properties).client();

            for (int i = 0; i < 3; i++) {
                assertThrows(MemcachedException.class, () -> deadClient.get("k"));
            }
            assertThrows(MemcachedException.class, () -> silentClient.get("k"));

            ServerStatisticsMXBean down = bean(deadUri, deadServer);
            assertFalse(down.isUp());
            assertEquals(1, down.getOutages());
            assertEquals(3, down.getRequests());
            assertEquals(3, down.getErrors(), "the refused one and the two rejected while down");
            assertEquals(0, down.getTimeouts());
            ServerStatisticsMXBean timedOut = bean(silentUri, silentServer);
            assertEquals(1, timedOut.getTimeouts());
            assertEquals(1, timedOut.getErrors());
            assertTrue(timedOut.getLatencyMaxMicros() >= 100_000, timedOut.getLatencyMaxMicros() + " us");
        }
    }
}
