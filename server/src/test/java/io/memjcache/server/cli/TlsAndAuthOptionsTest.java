package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.ServerConfig.Listener;
import io.memjcache.server.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -Y}, {@code -Z}, the {@code ssl_*} extended options and {@code -l} lists with {@code notls:}. */
class TlsAndAuthOptionsTest {

    private static ServerConfig config(String... args) throws CommandLineOptions.UsageException {
        return CommandLineOptions.parse(args).config();
    }

    @Test
    void authFileIsTakenAsGiven() throws Exception {
        assertEquals(
                Path.of("/etc/memcached/users"),
                config("-Y", "/etc/memcached/users").authFile());
        assertNull(config().authFile());
        assertEquals(
                "invalid value '' for -Y: expected the file of user:password lines",
                assertThrows(CommandLineOptions.UsageException.class, () -> config("-Y", ""))
                        .getMessage());
    }

    @Test
    void tlsSettingsComeFromTheExtendedOptions() throws Exception {
        TlsSettings tls = config(
                        "-Z",
                        "-o",
                        "ssl_chain_cert=/c.pem,ssl_key=/k.pem",
                        "-o",
                        "ssl_ca_cert=/ca.pem,ssl_verify_mode=2,ssl_min_version=3")
                .tls();
        assertAll(
                () -> assertEquals(Path.of("/c.pem"), tls.chainCert()),
                () -> assertEquals(Path.of("/k.pem"), tls.key()),
                () -> assertEquals(Path.of("/ca.pem"), tls.caCert()),
                () -> assertEquals(2, tls.verifyMode()),
                () -> assertEquals("tlsv1.3", tls.minVersionName()));
    }

    @Test
    void sslSettingsWithoutTlsChangeNothing() throws Exception {
        ServerConfig config = config("-o", "ssl_chain_cert=/c.pem,ssl_key=/k.pem");
        assertNull(config.tls());
        assertEquals(List.of(new Listener("127.0.0.1", 11211, false)), config.listeners());
    }

    @Test
    void listenListsGiveOneListenerEachWithNotlsForPlaintext() throws Exception {
        ServerConfig config = config(
                "-Z",
                "-o",
                "ssl_chain_cert=/c.pem,ssl_key=/k.pem",
                "-l",
                "127.0.0.1,notls:127.0.0.1:11212;[::1]:11213",
                "-l",
                "notls:::1",
                "-p",
                "11300");
        assertEquals(
                List.of(
                        new Listener("127.0.0.1", 11300, true),
                        new Listener("127.0.0.1", 11212, false),
                        new Listener("::1", 11213, true),
                        new Listener("::1", 11300, false)),
                config.listeners());
    }

    @Test
    void aPlaintextMainListenerIsAllowed() throws Exception {
        ServerConfig config =
                config("-Z", "-o", "ssl_chain_cert=/c.pem,ssl_key=/k.pem", "-l", "notls:localhost:7000,localhost");
        assertEquals(
                List.of(new Listener("localhost", 7000, false), new Listener("localhost", 11211, true)),
                config.listeners());
        assertEquals("localhost", config.listenAddress());
        assertEquals(7000, config.port());
    }

    @Test
    void toStringNamesFilesOnly() throws Exception {
        String text = config("-Z", "-o", "ssl_chain_cert=/c.pem,ssl_key=/k.pem", "-Y", "/users")
                .toString();
        assertEquals(true, text.contains("key=/k.pem") && text.contains("authFile=/users"), text);
    }
}
