package io.memjcache.server.net;

import io.memjcache.server.TlsSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The server's TLS: the {@link SslContext} every TLS listener's connections start from, built with the JDK's
 * engine from the {@link TlsSettings} files, and replaced by {@link #refresh(long)} ({@code refresh_certs}) for the
 * connections accepted afterwards; connections already open keep theirs. Also the TLS counters of {@code stats}.
 *
 * <p>Error messages name files and what is wrong with them, never their content (no key material).
 *
 * <p>Thread-safe: the context is swapped atomically; a refresh that fails keeps the current one. Nothing is null.
 */
public final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};

    private final TlsSettings settings;
    private final LongAdder handshakeErrors = new LongAdder();
    private volatile SslContext context;
    /** When the certificate was last loaded, in the server clock's seconds. */
    private volatile long loadedAt;

    private TlsContexts(TlsSettings settings, SslContext context, long now) {
        this.settings = settings;
        this.context = context;
        this.loadedAt = now;
    }

    /**
     * Loads the certificate, key and CA files.
     *
     * @param now the server clock's current second
     * @throws IOException naming the file that could not be used and why (memcached's wording)
     */
    public static TlsContexts load(TlsSettings settings, long now) throws IOException {
        return new TlsContexts(settings, build(settings), now);
    }

    /** @return the settings the server runs with */
    public TlsSettings settings() {
        return settings;
    }

    /** @return a handler for a new connection, on the current context, with the handshake timeout applied */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        return handler;
    }

    /** Counts a handshake that failed or timed out ({@code ssl_handshake_errors}). */
    void handshakeFailed() {
        handshakeErrors.increment();
    }

    /** @return the handshakes that failed or timed out */
    public long handshakeErrors() {
        return handshakeErrors.sum();
    }

    /** @return when the certificate was last loaded, in the server clock's seconds */
    public long loadedAt() {
        return loadedAt;
    }

    /**
     * Reads the files again for the connections to come.
     *
     * @param now the server clock's current second
     * @return null when done, else memcached's error line (the current certificate stays)
     */
    public synchronized @Nullable String refresh(long now) {
        try {
            context = build(settings);
            loadedAt = now;
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static SslContext build(TlsSettings settings) throws IOException {
        List<X509Certificate> chain = readCertificates(settings.chainCert(), "Error loading the certificate chain");
        PrivateKey key = PemKeys.read(settings.key());
        if (!matches(key, chain.get(0))) {
            throw new IOException("Error loading the key: " + settings.key() + " : key values mismatch");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(List.of(PROTOCOLS).subList(settings.minVersion(), PROTOCOLS.length))
                .clientAuth(
                        switch (settings.verifyMode()) {
                            case TlsSettings.VERIFY_NONE -> ClientAuth.NONE;
                            case TlsSettings.VERIFY_REQUIRE -> ClientAuth.REQUIRE;
                            default -> ClientAuth.OPTIONAL;
                        });
        Path ca = settings.caCert();
        if (ca != null) {
            builder.trustManager(readCertificates(ca, "Error loading the CA certificate"));
        } else if (settings.verifyMode() != TlsSettings.VERIFY_NONE) {
            // As OpenSSL without CA locations: a client certificate can never be verified.
            builder.trustManager(List.<X509Certificate>of());
        }
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("Error validating the certificate: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file, String what) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException(what + ": " + file + " : " + e, e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(what + ": " + file + " : no certificate found");
        }
        return certificates;
    }

    /** @return whether {@code key} is the private half of the certificate's public key */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default -> key.getAlgorithm();
                };
        try {
            byte[] probe = "memjcache key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TlsContexts[" + settings + "]";
    }
}
