package io.memjcache.jcache.client;

import static io.memjcache.jcache.client.SecureServers.CONNECT_TIMEOUT;
import static io.memjcache.jcache.client.SecureServers.OP_TIMEOUT;
import static io.memjcache.jcache.client.SecureServers.config;
import static io.memjcache.jcache.client.SecureServers.start;
import static io.memjcache.jcache.client.SecureServers.tls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS to real servers, the Debian memcached ({@code -Z}) and the bundled server: round trips, certificates that do
 * not fit (wrong CA, wrong host name, client certificate missing), a plaintext client on a TLS port and the
 * reverse, and handshakes or answers that never come, each failing within its timeout with a message naming the
 * server.
 */
@Timeout(60)
class TlsClientTest {

    /** The longest a failing call may take: connect timeout plus operation timeout, plus room for a slow machine. */
    private static final Duration BOUND = CONNECT_TIMEOUT.plus(OP_TIMEOUT).plusSeconds(2);

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void roundTripsOverTls(String kind) {
        try (ServerUnderTest server = start(kind, "server", false, null);
                MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
            client.store(StoreRequest.set("k", "over tls".getBytes(StandardCharsets.UTF_8), 0));
            assertEquals("over tls", text(client.get("k").orElseThrow()));
            Map<String, StoredValue> all = client.getAll(List.of("k", "missing"));
            assertEquals(List.of("k"), List.copyOf(all.keySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aServerCertificateFromAnotherCaFailsNamingTheServer(String kind) {
        try (ServerUnderTest server = start(kind, "server", false, null);
                MemcachedClient client =
                        MemcachedClient.create(config(server.port(), tls("stranger-ca", null, true), null))) {
            MemcachedException e = failsInTime(() -> client.get("k"));
            assertNamesServer(e, server.port());
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            assertTrue(e.getMessage().contains("certification path"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aHostNameMismatchFailsUnlessVerificationIsOff(String kind) {
        try (ServerUnderTest server = start(kind, "other-host", false, null)) {
            try (MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
                MemcachedException e = failsInTime(() -> client.get("k"));
                assertNamesServer(e, server.port());
                assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
                assertTrue(e.getMessage().contains("subject alternative names"), e.getMessage());
            }
            try (MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, false), null))) {
                client.store(StoreRequest.set("k", "v".getBytes(StandardCharsets.UTF_8), 0));
                assertEquals("v", text(client.get("k").orElseThrow()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aServerRequiringClientCertificatesRefusesAClientWithoutAndServesOneWith(String kind) {
        try (ServerUnderTest server = start(kind, "server", true, null)) {
            try (MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
                MemcachedException e = failsInTime(() -> client.get("k"));
                assertNamesServer(e, server.port());
                assertTrue(e.getMessage().contains("certificate"), e.getMessage());
            }
            try (MemcachedClient client =
                    MemcachedClient.create(config(server.port(), tls("ca", "client", true), null))) {
                client.store(StoreRequest.set("k", "v".getBytes(StandardCharsets.UTF_8), 0));
                assertEquals("v", text(client.get("k").orElseThrow()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aPlaintextClientOnATlsPortFailsInTimeSayingToTurnTlsOn(String kind) {
        try (ServerUnderTest server = start(kind, "server", false, null);
                MemcachedClient client = MemcachedClient.create(config(server.port(), null, null))) {
            MemcachedException e = failsInTime(() -> client.get("k"));
            assertNamesServer(e, server.port());
            assertTrue(e.getMessage().contains("set memjcache.tls=true"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aTlsClientOnAPlaintextPortFailsInTime(String kind) {
        try (ServerUnderTest server = start(kind, null, false, null);
                MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
            MemcachedException e = failsInTime(() -> client.get("k"));
            assertNamesServer(e, server.port());
            assertTrue(
                    e.getMessage().contains("TLS handshake failed")
                            || e.getMessage().contains("connect timed out"),
                    e.getMessage());
        }
    }

    @Test
    void aHandshakeThatIsNeverAnsweredEndsAtTheConnectTimeout() throws IOException {
        try (SecureServers.Silent silent = new SecureServers.Silent();
                MemcachedClient client = MemcachedClient.create(config(silent.port(), tls("ca", null, true), null))) {
            long start = System.nanoTime();
            MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(
                    e.getMessage()
                            .contains("connect timed out after " + CONNECT_TIMEOUT.toMillis() + " ms "
                                    + "(including the TLS handshake)"),
                    e.getMessage());
            assertTrue(millis >= CONNECT_TIMEOUT.toMillis() - 50, millis + " ms");
            assertTrue(millis < CONNECT_TIMEOUT.toMillis() + 2000, millis + " ms");
        }
    }

    /** A TLS connection the server closed while idle is replaced without failing the call, as a plaintext one is. */
    @Test
    void aConnectionClosedByARestartedServerIsReplacedTransparently() {
        int port;
        MemcachedClient client;
        try (ServerUnderTest first = start("memjcache", "server", false, null)) {
            port = first.port();
            client = MemcachedClient.create(config(port, tls("ca", null, true), null));
            client.store(StoreRequest.set("k", "v".getBytes(StandardCharsets.UTF_8), 0));
        }
        try (client;
                ServerUnderTest second = ServerUnderTest.bundled(b -> b.listenAddress("127.0.0.1")
                        .port(port)
                        .tls(io.memjcache.server.TlsSettings.builder(
                                        SecureServers.certs().cert("server"),
                                        SecureServers.certs().key("server"))
                                .build()))) {
            assertEquals(port, second.port());
            assertTrue(client.get("k").isEmpty(), "the restarted server is empty, and the call does not fail");
            assertFalse(client.pool(0).isDown());
        }
    }

    /** The deadline watch closes the TCP socket under TLS: that must end a read blocked inside the TLS layer. */
    @Test
    void aStoppedTlsServerFailsAtTheOperationTimeout() {
        try (ReferenceMemcached server = ReferenceMemcached.start(SecureServers.memcachedArgs("server", false, null));
                MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
            client.store(StoreRequest.set("k", "v".getBytes(StandardCharsets.UTF_8), 0)); // connected, handshaken
            String pid = Long.toString(server.pid());
            TestServers.signal("STOP", pid);
            try {
                long start = System.nanoTime();
                MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(e.getMessage().contains("timed out after " + OP_TIMEOUT.toMillis() + " ms"), e.getMessage());
                assertTrue(millis < OP_TIMEOUT.toMillis() + 2000, millis + " ms");
            } finally {
                TestServers.signal("CONT", pid);
            }
        }
    }

    static MemcachedException failsInTime(org.junit.jupiter.api.function.Executable call) {
        long start = System.nanoTime();
        MemcachedException e = assertThrows(MemcachedException.class, call);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(BOUND) < 0, elapsed.toMillis() + " ms: " + e.getMessage());
        return e;
    }

    static void assertNamesServer(MemcachedException e, int port) {
        assertTrue(e.getMessage().startsWith("memcached 127.0.0.1:" + port + ": "), e.getMessage());
        assertEquals(port, e.server().port());
    }

    private static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.UTF_8);
    }
}
