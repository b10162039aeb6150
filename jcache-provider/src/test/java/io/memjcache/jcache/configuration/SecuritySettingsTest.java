package io.memjcache.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ClientConfig;
import io.memjcache.jcache.client.Credentials;
import io.memjcache.server.testsupport.TestCertificates;
import io.memjcache.server.testsupport.ToolBinaries;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS, authentication and start-up check settings: resolved from every source, checked when resolving with
 * messages that name the setting, and the password never shown in {@code toString} or any message.
 */
class SecuritySettingsTest {

    private static final ClassLoader LOADER = SecuritySettingsTest.class.getClassLoader();
    private static final String SECRET = "pa55-W0rd-never-shown";
    private static final URI URI_OF_SERVERS = URI.create("memcached://127.0.0.1:11211");

    @TempDir
    Path dir;

    private static ProviderSettings resolve(String... keyValues) {
        return ProviderSettings.resolve(URI_OF_SERVERS, properties(keyValues), LOADER);
    }

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static IllegalArgumentException refused(String... keyValues) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(keyValues));
        assertFalse(String.valueOf(e.getMessage()).contains(SECRET), e.getMessage());
        return e;
    }

    private static void assertMentions(IllegalArgumentException e, String... parts) {
        for (String part : parts) {
            assertTrue(String.valueOf(e.getMessage()).contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void byDefaultThereIsNoTlsNoAuthenticationAndNoCheck() {
        ProviderSettings settings = resolve();
        ClientConfig config = settings.clientConfig();
        assertNull(config.tls());
        assertNull(config.credentials());
        assertFalse(settings.checkOnStart());
        assertFalse(settings.tlsWithoutHostnameVerification());
    }

    @Test
    void tlsWithCaAndClientCertificateInEitherKeyForm() {
        TestCertificates certs = TestCertificates.shared();
        for (Path key : new Path[] {certs.key("server"), certs.rsaKey("server")}) {
            ClientConfig config = resolve(
                            "memjcache.tls", "true",
                            "memjcache.tls.caFile", certs.cert("ca").toString(),
                            "memjcache.tls.certFile", certs.cert("server").toString(),
                            "memjcache.tls.keyFile", key.toString())
                    .clientConfig();
            assertNotNull(config.tls());
            assertEquals(certs.cert("ca"), config.tls().caFile());
            assertTrue(config.tls().verifyHostname());
        }
        ProviderSettings trusting = ProviderSettings.resolve(
                URI.create("memcached://127.0.0.1:11211?tls=true&tls.verifyHostname=false"), new Properties(), LOADER);
        assertNull(trusting.clientConfig().tls().caFile(), "the JDK trust store");
        assertTrue(trusting.tlsWithoutHostnameVerification());
    }

    @Test
    void ecAndEd25519ClientKeysInPkcs8() throws IOException, InterruptedException {
        String openssl = ToolBinaries.require("openssl", "openssl").toString();
        for (String[] algorithm : new String[][] {{"ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"}, {"ed25519"}}) {
            Path cert = dir.resolve(algorithm[0] + ".pem");
            Path key = dir.resolve(algorithm[0] + ".key");
            List<String> command = new ArrayList<>(List.of(openssl, "req", "-x509", "-newkey", algorithm[0]));
            command.addAll(List.of(algorithm).subList(1, algorithm.length));
            command.addAll(List.of(
                    "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=c"));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertEquals(0, process.waitFor(), String.join(" ", command));
            ClientConfig config = resolve(
                            "memjcache.tls", "true",
                            "memjcache.tls.certFile", cert.toString(),
                            "memjcache.tls.keyFile", key.toString())
                    .clientConfig();
            assertEquals(cert, config.tls().certFile());
        }
    }

    @Test
    void badTlsSettingsFailNamingTheSetting() throws IOException {
        TestCertificates certs = TestCertificates.shared();
        Path missing = dir.resolve("missing.pem");
        assertMentions(
                refused("memjcache.tls", "true", "memjcache.tls.caFile", missing.toString()),
                "memjcache.tls.caFile = '" + missing + "'",
                "no readable file");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertMentions(
                refused("memjcache.tls", "true", "memjcache.tls.caFile", notPem.toString()),
                "memjcache.tls.caFile",
                "holds no PEM certificate");
        assertMentions(
                refused(
                        "memjcache.tls", "true",
                        "memjcache.tls.certFile", certs.cert("client").toString(),
                        "memjcache.tls.keyFile", certs.cert("client").toString()),
                "memjcache.tls.keyFile",
                "holds no PEM private key");
        assertMentions(
                refused(
                        "memjcache.tls",
                        "true",
                        "memjcache.tls.certFile",
                        certs.cert("client").toString()),
                "memjcache.tls.certFile",
                "memjcache.tls.keyFile is not set");
        assertMentions(
                refused("memjcache.tls.caFile", certs.cert("ca").toString()),
                "memjcache.tls.caFile",
                "memjcache.tls is false");
        assertMentions(
                refused(
                        "memjcache.tls", "true",
                        "memjcache.tls.certFile", certs.cert("client").toString(),
                        "memjcache.tls.keyFile", certs.key("server").toString()),
                "memjcache.tls.keyFile = '" + certs.key("server") + "'",
                "the private key does not belong to the client certificate " + certs.cert("client"));
        assertMentions(refused("memjcache.tls", "yes"), "memjcache.tls = 'yes'", "expected true or false");
        Path encrypted = Files.writeString(
                dir.resolve("encrypted.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertMentions(
                refused(
                        "memjcache.tls", "true",
                        "memjcache.tls.certFile", certs.cert("client").toString(),
                        "memjcache.tls.keyFile", encrypted.toString()),
                "memjcache.tls.keyFile",
                "encrypted key");
    }

    @Test
    void credentialsFromAPasswordOrTheFirstLineOfAPasswordFile() throws IOException {
        Credentials direct = resolve("memjcache.username", "alice", "memjcache.password", SECRET)
                .clientConfig()
                .credentials();
        assertEquals(new Credentials("alice", SECRET), direct);
        Path file = Files.writeString(dir.resolve("password"), SECRET + "\nsecond line ignored\n");
        Credentials fromFile = resolve("memjcache.username", "alice", "memjcache.passwordFile", file.toString())
                .clientConfig()
                .credentials();
        assertEquals(new Credentials("alice", SECRET), fromFile);
        Path windows = Files.writeString(dir.resolve("password-crlf"), SECRET + "\r\n");
        assertEquals(
                SECRET,
                resolve("memjcache.username", "alice", "memjcache.passwordFile", windows.toString())
                        .clientConfig()
                        .credentials()
                        .password());
    }

    @Test
    void badCredentialsFailNamingTheSettingWithoutThePassword() throws IOException {
        assertMentions(
                refused("memjcache.username", "alice"), "memjcache.username = 'alice'", "without memjcache.password");
        assertMentions(refused("memjcache.password", SECRET), "memjcache.password is set without memjcache.username");
        Path file = Files.writeString(dir.resolve("password"), SECRET, StandardCharsets.UTF_8);
        assertMentions(
                refused(
                        "memjcache.username",
                        "alice",
                        "memjcache.password",
                        SECRET,
                        "memjcache.passwordFile",
                        file.toString()),
                "memjcache.password (from the Properties passed to getCacheManager) and memjcache.passwordFile",
                "both set");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertMentions(
                refused("memjcache.username", "alice", "memjcache.passwordFile", empty.toString()),
                "memjcache.passwordFile = '" + empty + "'",
                "first line is empty");
        assertMentions(
                refused("memjcache.username", "al ice", "memjcache.password", SECRET),
                "memjcache.username = 'al ice'",
                "memjcache.password = '****'",
                "without spaces");
        assertMentions(
                refused("memjcache.username", "alice", "memjcache.password", SECRET, "memjcache.servers", "embedded"),
                "memjcache.username is set, but memjcache.servers is embedded");
    }

    @Test
    void thePasswordNeverShowsInToStringOrTheClientSettings() {
        ProviderSettings settings = resolve("memjcache.username", "alice", "memjcache.password", SECRET);
        assertTrue(settings.toString().contains("memjcache.password=**** (from the Properties"), settings.toString());
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertFalse(
                settings.clientConfig().toString().contains(SECRET),
                settings.clientConfig().toString());
        assertTrue(
                settings.clientConfig().toString().contains("password=****"),
                settings.clientConfig().toString());
    }

    @Test
    void credentialsInAUriAreRefusedWithoutQuotingThem() {
        for (String uri : new String[] {
            "memcached://alice:" + SECRET + "@127.0.0.1:11211",
            "memcached://127.0.0.1:11211?username=alice&password=" + SECRET,
        }) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ProviderSettings.resolve(URI.create(uri), new Properties(), LOADER));
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertMentions(e, "****", "memjcache.password");
        }
        IllegalArgumentException inList = refused("memjcache.servers", "alice:" + SECRET + "@127.0.0.1:11211");
        assertMentions(inList, "memjcache.servers (from the Properties passed to getCacheManager)", "user information");
    }

    @Test
    void checkOnStartIsABoolean() {
        assertTrue(resolve("memjcache.checkOnStart", "true").checkOnStart());
        assertMentions(
                refused("memjcache.checkOnStart", "1"), "memjcache.checkOnStart = '1'", "expected true or false");
    }
}
