package io.memjcache.server.tls;

import io.memjcache.server.MemcachedServer;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A server with TLS on its main listener and a plaintext ({@code notls}) listener beside it: either the bundled
 * server or the reference memcached started with the same {@code -Z -o ssl_...} settings.
 *
 * <p>Not thread-safe; close it when the test is done.
 */
record TlsTarget(String name, InetSocketAddress tls, InetSocketAddress plain, ServerUnderTest server)
        implements AutoCloseable {

    /** The {@code -o ssl_*} settings of a test, as memcached takes them and as {@link TlsSettings}. */
    record Settings(
            Path chainCert,
            Path key,
            Path caCert,
            int verifyMode,
            int minVersion,
            Path authFile,
            Duration handshakeTimeout) {
        static Settings of(TestCertificates certs) {
            return new Settings(certs.cert("server"), certs.key("server"), null, 0, 2, null, null);
        }

        Settings withCertificate(Path chain, Path privateKey) {
            return new Settings(chain, privateKey, caCert, verifyMode, minVersion, authFile, handshakeTimeout);
        }

        Settings verifying(Path ca, int mode) {
            return new Settings(chainCert, key, ca, mode, minVersion, authFile, handshakeTimeout);
        }

        Settings minVersion(int version) {
            return new Settings(chainCert, key, caCert, verifyMode, version, authFile, handshakeTimeout);
        }

        Settings authFile(Path file) {
            return new Settings(chainCert, key, caCert, verifyMode, minVersion, file, handshakeTimeout);
        }

        /** The bundled server's handshake timeout (memcached has none). */
        Settings handshakeTimeout(Duration timeout) {
            return new Settings(chainCert, key, caCert, verifyMode, minVersion, authFile, timeout);
        }

        List<String> memcachedArguments() {
            StringBuilder o = new StringBuilder("ssl_chain_cert=" + chainCert + ",ssl_key=" + key);
            if (caCert != null) {
                o.append(",ssl_ca_cert=").append(caCert);
            }
            o.append(",ssl_verify_mode=")
                    .append(verifyMode)
                    .append(",ssl_min_version=")
                    .append(minVersion);
            List<String> args = new ArrayList<>(List.of("-Z", "-o", o.toString()));
            if (authFile != null) {
                args.addAll(List.of("-Y", authFile.toString()));
            }
            return args;
        }

        TlsSettings tlsSettings() {
            TlsSettings.Builder b =
                    TlsSettings.builder(chainCert, key).verifyMode(verifyMode).minVersion(minVersion);
            if (caCert != null) {
                b.caCert(caCert);
            }
            if (handshakeTimeout != null) {
                b.handshakeTimeout(handshakeTimeout);
            }
            return b.build();
        }
    }

    /** Starts {@code "memjcache"} or {@code "memcached"} with {@code settings}. */
    static TlsTarget start(String name, Settings settings) {
        return start(name, settings, UnaryOperator.identity());
    }

    /** As {@link #start(String, Settings)}, with the bundled server's configuration adjusted by {@code tweak}. */
    static TlsTarget start(String name, Settings settings, UnaryOperator<ServerConfig.Builder> tweak) {
        return switch (name) {
            case "memjcache" -> {
                ServerConfig.Builder builder = ServerConfig.builder()
                        .port(0)
                        .tls(settings.tlsSettings())
                        .extraListener("127.0.0.1", 0, false);
                if (settings.authFile() != null) {
                    builder.authFile(settings.authFile());
                }
                try {
                    MemcachedServer server =
                            MemcachedServer.start(tweak.apply(builder).build());
                    yield new TlsTarget(
                            name,
                            server.addresses().get(0),
                            server.addresses().get(1),
                            ServerUnderTest.of(name, server.address(), server));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "memcached" -> {
                int plainPort = ReferenceMemcached.freePort();
                List<String> args = new ArrayList<>(settings.memcachedArguments());
                args.addAll(List.of("-l", "notls:127.0.0.1:" + plainPort));
                ReferenceMemcached memcached = ReferenceMemcached.start(args.toArray(String[]::new));
                yield new TlsTarget(
                        name,
                        memcached.address(),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), plainPort),
                        ServerUnderTest.of(name, memcached.address(), memcached));
            }
            default -> throw new IllegalArgumentException("unknown server " + name);
        };
    }

    @Override
    public void close() {
        server.close();
    }
}
