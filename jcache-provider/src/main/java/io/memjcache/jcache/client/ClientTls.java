package io.memjcache.jcache.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS to the servers, on the JDK's own implementation (JSSE): TLS 1.2 and 1.3 only; the servers' certificates
 * checked against the CA certificates of a PEM file (memcached's {@code ssl_ca_cert}), or the JDK's default trust
 * store when none is given; a client certificate and key (PEM) presented when given, for servers started with
 * {@code ssl_verify_mode} 2 or 3; and the server's name checked against its certificate ({@code HTTPS} endpoint
 * identification, which covers IP addresses in the subject alternative names too) unless turned off.
 *
 * <p>The files are read when the settings are resolved, so a missing or unreadable file fails the configuration,
 * not the first connection. Immutable and thread-safe. {@link #caFile()} and {@link #certFile()} may be null;
 * nothing else is.
 */
public final class ClientTls {

    /** The protocols offered: TLS 1.2 and 1.3, as memcached's default {@code ssl_min_version=tlsv1.2}. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final SSLSocketFactory factory;
    private final boolean verifyHostname;
    private final @Nullable Path caFile;
    private final @Nullable Path certFile;

    private ClientTls(SSLContext context, boolean verifyHostname, @Nullable Path caFile, @Nullable Path certFile) {
        this.context = context;
        this.factory = context.getSocketFactory();
        this.verifyHostname = verifyHostname;
        this.caFile = caFile;
        this.certFile = certFile;
    }

    /**
     * Makes the TLS settings from the contents of the PEM files (see {@link PemFiles}).
     *
     * @param caFile         the file of {@code cas}, for messages; null for the JDK's trust store
     * @param cas            the CA certificates the servers' certificates must chain to; empty with no
     *                       {@code caFile}
     * @param certFile       the file of {@code chain}, for messages; null when no client certificate is presented
     * @param chain          the client's certificate chain, empty for none
     * @param key            the client's private key, null exactly when {@code chain} is empty
     * @param verifyHostname whether to check the server's name against its certificate
     * @throws IllegalArgumentException if the JDK cannot use the certificates or the key
     */
    public static ClientTls create(
            @Nullable Path caFile,
            List<X509Certificate> cas,
            @Nullable Path certFile,
            List<X509Certificate> chain,
            @Nullable PrivateKey key,
            boolean verifyHostname) {
        if (chain.isEmpty() != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
        if (key != null && !belongTogether(key, chain.get(0).getPublicKey())) {
            // Else the server would refuse the handshake with a message that says nothing about files.
            throw new IllegalArgumentException("the private key does not belong to the client certificate " + certFile
                    + " (its first certificate must be the client's own)");
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cas.isEmpty()) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = emptyStore();
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca" + i, cas.get(i));
                }
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (key != null) {
                KeyStore store = emptyStore();
                char[] storePassword = new char[0]; // the store lives in memory only
                store.setKeyEntry("client", key, storePassword, chain.toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, storePassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new ClientTls(context, verifyHostname, caFile, certFile);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** @return whether a signature made with {@code key} verifies with {@code publicKey} */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign without a separate digest
                };
        try {
            byte[] probe = "memjcache key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    /** @return whether the server's name is checked against its certificate */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** @return the CA file, or null when the JDK's trust store decides */
    public @Nullable Path caFile() {
        return caFile;
    }

    /** @return the client certificate file, or null when none is presented */
    public @Nullable Path certFile() {
        return certFile;
    }

    /**
     * Layers TLS over a connected socket and sets it up; the handshake starts with the first read or write, or
     * {@link SSLSocket#startHandshake()}. Closing the result closes {@code socket}.
     */
    SSLSocket wrap(Socket socket, ServerAddress server) throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(socket, server.host(), server.port(), true);
        ssl.setSSLParameters(parameters(ssl.getSSLParameters()));
        ssl.setUseClientMode(true);
        return ssl;
    }

    /**
     * @return a client engine for {@code server}, set up as {@link #wrap} sets up a socket (protocols, host name
     *     check), for an asynchronous channel's {@code SslHandler}
     */
    SSLEngine engine(ServerAddress server) {
        SSLEngine engine = context.createSSLEngine(server.host(), server.port());
        engine.setSSLParameters(parameters(engine.getSSLParameters()));
        engine.setUseClientMode(true);
        return engine;
    }

    private SSLParameters parameters(SSLParameters parameters) {
        parameters.setProtocols(PROTOCOLS);
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return parameters;
    }

    @Override
    public String toString() {
        // File names only, never what they hold.
        return "ClientTls[caFile=" + Objects.requireNonNullElse(caFile, "JDK trust store") + ", certFile="
                + (certFile == null ? "none" : certFile) + ", verifyHostname=" + verifyHostname + "]";
    }
}
