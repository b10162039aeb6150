package io.memjcache.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A blocking text-protocol client over a JDK {@link SSLSocket}, trusting one CA and optionally presenting a client
 * certificate: the Java client of the TLS tests.
 *
 * <p>Not thread-safe; one instance per connection.
 */
final class TlsClient implements AutoCloseable {

    private static final int PATIENCE_MILLIS = 10_000;

    private final SSLSocket socket;

    private TlsClient(SSLSocket socket) {
        this.socket = socket;
    }

    /** Connects and completes the handshake, offering only {@code protocols} when given. */
    static TlsClient connect(InetSocketAddress address, SSLContext context, String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.connect(address, PATIENCE_MILLIS);
        plain.setSoTimeout(PATIENCE_MILLIS);
        SSLSocket socket = (SSLSocket)
                context.getSocketFactory().createSocket(plain, address.getHostString(), address.getPort(), true);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        try {
            socket.startHandshake();
            // In TLS 1.3 the server's verdict on a client certificate arrives after the client's handshake ends:
            // one round trip makes it part of connecting.
            TlsClient client = new TlsClient(socket);
            client.send("version\r\n");
            String version = client.readLine();
            if (!version.startsWith("VERSION ") && !version.startsWith("CLIENT_ERROR")) {
                throw new IOException("unexpected answer to version: " + version);
            }
            return client;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** @return a context trusting {@code ca}, presenting no client certificate */
    static SSLContext trusting(Path ca) throws GeneralSecurityException, IOException {
        return context(ca, null, null);
    }

    /**
     * @return a context trusting {@code ca} and presenting {@code cert} with {@code key} when asked for a
     *     certificate by one of the CAs the server names (as the JDK does: another certificate is not sent)
     */
    static SSLContext context(Path ca, Path cert, Path key) throws GeneralSecurityException, IOException {
        return context(ca, cert, key, false);
    }

    /**
     * @return a context trusting {@code ca} and presenting {@code cert} with {@code key} whenever asked for a
     *     certificate, whichever CAs the server names (as OpenSSL clients do)
     */
    static SSLContext alwaysPresenting(Path ca, Path cert, Path key) throws GeneralSecurityException, IOException {
        return context(ca, cert, key, true);
    }

    private static SSLContext context(Path ca, Path cert, Path key, boolean always)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", readCertificate(ca));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (cert != null && key != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "test".toCharArray();
            keys.setKeyEntry("client", readKey(key), password, new Certificate[] {readCertificate(cert)});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        KeyManager[] keyManagers = kmf == null ? null : kmf.getKeyManagers();
        if (always && keyManagers != null) {
            keyManagers = new KeyManager[] {new AlwaysPresenting((X509ExtendedKeyManager) keyManagers[0])};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /** Offers its one client certificate whatever CAs the server asks for. */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysPresenting(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static X509Certificate readCertificate(Path pem) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path pem) throws GeneralSecurityException, IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    /** @return the subject of the certificate the server presented */
    String serverSubject() throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                .getSubjectX500Principal()
                .getName();
    }

    /** @return the negotiated protocol, such as {@code TLSv1.3} */
    String protocol() {
        return socket.getSession().getProtocol();
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** @return the next line, without its {@code \r\n}; throws at end of stream */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after '" + line.toString(StandardCharsets.US_ASCII) + "'");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends one request line and returns the answer's lines up to and including {@code last}. */
    String ask(String request, String last) throws IOException {
        send(request);
        StringBuilder answer = new StringBuilder();
        String line;
        do {
            line = readLine();
            answer.append(line).append('\n');
        } while (!line.equals(last)
                && !line.startsWith("CLIENT_ERROR")
                && !line.startsWith("SERVER_ERROR")
                && !line.equals("ERROR"));
        return answer.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
