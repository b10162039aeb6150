package io.memjcache.jcache.client;

import io.memjcache.server.TlsSettings;
import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Servers with TLS and ASCII authentication for the client's tests, each kind started as its own documentation
 * says: the Debian memcached ({@code -Z -o ssl_chain_cert=...}, {@code -Y file}) and the bundled server (its
 * {@code TlsSettings} and auth file), with the throw-away certificates of {@link TestCertificates}; plus the
 * client settings for them and a TCP server that accepts and never answers.
 *
 * <p>Stateless helpers; thread-safe. Arguments must not be {@code null} unless marked.
 */
final class SecureServers {

    static final String USER = "alice";
    static final String PASSWORD = "s3cret-Pa55";
    static final Duration OP_TIMEOUT = Duration.ofMillis(1500);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);

    private SecureServers() {}

    static TestCertificates certs() {
        return TestCertificates.shared();
    }

    /**
     * Starts a server of {@code kind} ({@code memcached} or {@code memjcache}) with TLS on the certificate
     * {@code serverCert} of {@link TestCertificates}, and optionally client certificates required (mode 2) and an
     * auth file.
     */
    static ServerUnderTest start(
            String kind, @Nullable String serverCert, boolean requireClientCert, @Nullable Path authFile) {
        if (kind.equals("memcached")) {
            return ServerUnderTest.reference(memcachedArgs(serverCert, requireClientCert, authFile));
        }
        TestCertificates certs = certs();
        return ServerUnderTest.bundled(b -> {
            if (serverCert != null) {
                TlsSettings.Builder tls = TlsSettings.builder(certs.cert(serverCert), certs.key(serverCert));
                if (requireClientCert) {
                    tls.caCert(certs.cert("ca")).verifyMode(TlsSettings.VERIFY_REQUIRE);
                }
                b.tls(tls.build());
            }
            if (authFile != null) {
                b.authFile(authFile);
            }
            return b.listenAddress("127.0.0.1");
        });
    }

    /** @return the memcached arguments for TLS on {@code serverCert} (if not null) and the auth file (if not null) */
    static String[] memcachedArgs(@Nullable String serverCert, boolean requireClientCert, @Nullable Path authFile) {
        TestCertificates certs = certs();
        List<String> args = new ArrayList<>();
        if (serverCert != null) {
            String options = "ssl_chain_cert=" + certs.cert(serverCert) + ",ssl_key=" + certs.key(serverCert);
            if (requireClientCert) {
                options += ",ssl_ca_cert=" + certs.cert("ca") + ",ssl_verify_mode=2";
            }
            args.addAll(List.of("-Z", "-o", options));
        }
        if (authFile != null) {
            args.addAll(List.of("-Y", authFile.toString()));
        }
        return args.toArray(new String[0]);
    }

    /** @return an auth file ({@code -Y}) in {@code dir} holding {@link #USER} and {@link #PASSWORD} */
    static Path authFile(Path dir) {
        try {
            return Files.writeString(dir.resolve("users.txt"), USER + ":" + PASSWORD + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return TLS trusting the CA certificate {@code ca}, presenting client certificate {@code client} if not null */
    static ClientTls tls(String ca, @Nullable String client, boolean verifyHostname) {
        TestCertificates certs = certs();
        Path certFile = client == null ? null : certs.cert(client);
        return ClientTls.create(
                certs.cert(ca),
                PemFiles.certificates(certs.cert(ca)),
                certFile,
                certFile == null ? List.of() : PemFiles.certificates(certFile),
                client == null ? null : PemFiles.privateKey(certs.key(client)),
                verifyHostname);
    }

    /** @return client settings for one server with short timeouts and the given security */
    static ClientConfig config(int port, @Nullable ClientTls tls, @Nullable Credentials credentials) {
        return new ClientConfig(
                        List.of(ServerAddress.of("127.0.0.1", port)),
                        OP_TIMEOUT,
                        CONNECT_TIMEOUT,
                        4,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(200))
                .withSecurity(tls, credentials);
    }

    /** A TCP server that accepts connections and never reads or answers; close it to drop them. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Silent() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptForever, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptForever() {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
