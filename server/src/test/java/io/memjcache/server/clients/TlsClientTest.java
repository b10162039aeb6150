package io.memjcache.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import com.spotify.folsom.client.tls.DefaultSSLEngineFactory;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real clients over TLS: pymemcache with its {@code tls_context} (Debian's python3-pymemcache) and folsom with an
 * {@code SSLEngine} (Java). Besides a working client, the wrong kinds of client get memcached's behaviour without
 * disturbing the others: a client certificate that expired is refused at the handshake, a plaintext client on the
 * TLS port has its connection reset, and a TLS client on a plaintext port fails its handshake.
 *
 * <p>Each run has a TLS server (a certificate for 127.0.0.1 from a throw-away CA, client certificates verified when
 * shown) and a plaintext server. Parametrized by target: memcached and the bundled server get the same certificates
 * and verify mode (see {@link #tlsServer}). The certificates are made once per class.
 */
class TlsClientTest {

    @TempDir
    static Path certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        PythonClient.run("make_test_certs.py", "python3-cryptography", certificates.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void pymemcacheWithTlsContext(String target) throws Exception {
        try (ServerUnderTest tls = tlsServer(target);
                ServerUnderTest plain = ServerUnderTest.named(target)) {
            PythonClient.runChecks(
                    "pymemcache_tls_check.py",
                    "python3-pymemcache",
                    13,
                    Integer.toString(tls.port()),
                    Integer.toString(plain.port()),
                    certificates.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memcached", "memjcache"})
    void folsomOverTls(String target) throws Exception {
        try (ServerUnderTest tls = tlsServer(target);
                ServerUnderTest plain = ServerUnderTest.named(target)) {
            AsciiMemcacheClient<String> good = folsom(tls, true);
            AsciiMemcacheClient<String> plainGood = folsom(plain, false);
            AsciiMemcacheClient<String> plainOnTls = folsom(tls, false);
            AsciiMemcacheClient<String> tlsOnPlain = folsom(plain, true);
            try {
                // folsom connects in the background and fails a request sent before it is connected.
                good.awaitConnected(10, TimeUnit.SECONDS);
                plainGood.awaitConnected(10, TimeUnit.SECONDS);
                assertEquals(MemcacheStatus.OK, await(good.set("f:k", "value", 0)));
                assertEquals("value", await(good.get("f:k")));
                assertNull(await(good.incr("f:n", 3)), "incr of a missing key");
                assertEquals(MemcacheStatus.OK, await(plainGood.set("f:p", "v", 0)));

                // memcached resets a plaintext connection on its TLS port: the request never gets an answer.
                assertThrows(Exception.class, () -> await(plainOnTls.get("f:k")));
                assertEquals("value", await(good.get("f:k")));
                // A TLS client on a plaintext port: the server reads its handshake as a bad command, so it fails.
                assertThrows(Exception.class, () -> await(tlsOnPlain.get("f:p")));
                assertEquals("v", await(plainGood.get("f:p")));
                assertEquals("value", await(good.get("f:k")));
            } finally {
                tlsOnPlain.shutdown();
                plainOnTls.shutdown();
                plainGood.shutdown();
                good.shutdown();
            }
        }
    }

    /** Starts a TLS server of {@code target}: verifies a client's certificate against the CA when one is shown. */
    private static ServerUnderTest tlsServer(String target) {
        return switch (target) {
            case "memcached" ->
                ServerUnderTest.reference(
                        "-Z",
                        "-o",
                        "ssl_chain_cert=" + certificates.resolve("server.pem") + ",ssl_key="
                                + certificates.resolve("server.key") + ",ssl_ca_cert=" + certificates.resolve("ca.pem")
                                + ",ssl_verify_mode=1");
            case "memjcache" ->
                ServerUnderTest.bundled(config -> config.tls(
                        TlsSettings.builder(certificates.resolve("server.pem"), certificates.resolve("server.key"))
                                .caCert(certificates.resolve("ca.pem"))
                                .verifyMode(TlsSettings.VERIFY_REQUEST)
                                .build()));
            default -> throw new IllegalArgumentException("no TLS setup for " + target);
        };
    }

    private static AsciiMemcacheClient<String> folsom(ServerUnderTest server, boolean tls) throws Exception {
        MemcacheClientBuilder<String> builder = MemcacheClientBuilder.newStringClient()
                .withAddress(server.address().getHostString(), server.port())
                .withConnectionTimeoutMillis(5_000);
        if (tls) {
            builder.withSSLEngineFactory(new DefaultSSLEngineFactory(trustingTheTestCa(), false));
        }
        return builder.connectAscii();
    }

    private static SSLContext trustingTheTestCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificates.resolve("ca.pem"))) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
