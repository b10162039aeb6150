package io.memjcache.jcache.client;

import static io.memjcache.jcache.client.AsciiAuthClientTest.WRONG;
import static io.memjcache.jcache.client.AsciiAuthClientTest.assertRefusedTheWrongPassword;
import static io.memjcache.jcache.client.SecureServers.PASSWORD;
import static io.memjcache.jcache.client.SecureServers.USER;
import static io.memjcache.jcache.client.SecureServers.config;
import static io.memjcache.jcache.client.SecureServers.start;
import static io.memjcache.jcache.client.SecureServers.tls;
import static io.memjcache.jcache.client.TlsClientTest.assertNamesServer;
import static io.memjcache.jcache.client.TlsClientTest.failsInTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The asynchronous client with TLS and ASCII authentication, on the Debian memcached and the bundled server: round
 * trips once the handshake and the authentication are done; a certificate from another CA, a host name that does
 * not match and a wrong password fail the calls in time with the blocking client's messages, naming the server.
 */
@Timeout(60)
class AsyncSecureTest {

    private static final Credentials RIGHT = new Credentials(USER, PASSWORD);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void roundTripsOverTlsWithAuthentication(String kind) throws Exception {
        try (ServerUnderTest server = start(kind, "server", false, SecureServers.authFile(dir));
                MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), RIGHT))) {
            assertEquals(
                    StoreStatus.STORED,
                    client.storeAsync(StoreRequest.set("k", bytes("secret"), 0)).get());
            assertEquals("secret", text(client.getAsync("k").get().orElseThrow()));
            List<ServerRead> reads =
                    client.getAllAsync(List.of("k", "missing"), "header").get();
            assertEquals(List.of("k", "missing"), reads.get(0).keys());
            assertEquals("secret", text(reads.get(0).found().get("k")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aCertificateFromAnotherCaOrForAnotherHostFailsNamingTheServer(String kind) {
        try (ServerUnderTest server = start(kind, "other-host", false, null)) {
            try (MemcachedClient client =
                    MemcachedClient.create(config(server.port(), tls("stranger-ca", null, true), null))) {
                MemcachedException e = failsInTime(() -> await(client.getAsync("k")));
                assertNamesServer(e, server.port());
                assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
                assertTrue(e.getMessage().contains("certification path"), e.getMessage());
            }
            try (MemcachedClient client = MemcachedClient.create(config(server.port(), tls("ca", null, true), null))) {
                MemcachedException e = failsInTime(() -> await(client.getAsync("k")));
                assertNamesServer(e, server.port());
                assertTrue(e.getMessage().contains("subject alternative names"), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached", "memjcache"})
    void aWrongPasswordFailsWithTheBlockingClientsMessageAndMarksNothingDown(String kind) {
        try (ServerUnderTest server = start(kind, null, false, SecureServers.authFile(dir));
                MemcachedClient client = MemcachedClient.create(config(server.port(), null, WRONG))) {
            for (int i = 0; i < 20; i++) {
                MemcachedException e = failsInTime(() -> await(client.getAsync("k")));
                assertRefusedTheWrongPassword(e, server.port());
            }
            assertFalse(client.pool(0).isDown(), "a refused password is no outage");
        }
    }

    /** Waits for {@code future}, throwing what it failed with as is. */
    private static void await(CompletableFuture<?> future) throws Throwable {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(@Nullable StoredValue value) {
        return new String(Objects.requireNonNull(value).value(), StandardCharsets.UTF_8);
    }
}
