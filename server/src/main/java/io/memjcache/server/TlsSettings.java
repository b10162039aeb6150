package io.memjcache.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * TLS of a {@link MemcachedServer}, as memcached's {@code -Z} with {@code -o ssl_chain_cert=...,ssl_key=...,
 * ssl_ca_cert=...,ssl_verify_mode=...,ssl_min_version=...} sets it up: the server's certificate chain and private
 * key (PEM files; the key unencrypted, PKCS#8 or PKCS#1 RSA), the CA certificates that client
 * certificates must chain to, how client certificates are asked for, and the oldest protocol accepted. The files
 * are read when the server starts and again on {@code refresh_certs}.
 *
 * <p>Beyond memcached: a handshake that has not finished within {@link #handshakeTimeout()} (10 seconds unless
 * set) closes its connection, so that clients that never finish hold nothing for long.
 *
 * <p>Immutable and thread-safe. {@link #caCert()} is null when no CA file is given; nothing else is null.
 */
public final class TlsSettings {

    /** No client certificate is asked for (memcached's {@code ssl_verify_mode=0}). */
    public static final int VERIFY_NONE = 0;
    /** A client certificate is asked for and checked if sent ({@code 1}). */
    public static final int VERIFY_REQUEST = 1;
    /** A client certificate is required and checked ({@code 2}). */
    public static final int VERIFY_REQUIRE = 2;
    /** As {@link #VERIFY_REQUEST}, checked once per session ({@code 3}). */
    public static final int VERIFY_ONCE = 3;

    private static final String[] VERSION_NAMES = {"tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3"};

    private final Path chainCert;
    private final Path key;
    private final @Nullable Path caCert;
    private final int verifyMode;
    private final int minVersion;
    private final Duration handshakeTimeout;

    private TlsSettings(Builder b) {
        this.chainCert = b.chainCert;
        this.key = b.key;
        this.caCert = b.caCert;
        this.verifyMode = b.verifyMode;
        this.minVersion = b.minVersion;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** @return a builder for the given certificate chain and private key (PEM files) */
    public static Builder builder(Path chainCert, Path key) {
        return new Builder(chainCert, key);
    }

    /** @return the server's certificate chain, a PEM file */
    public Path chainCert() {
        return chainCert;
    }

    /** @return the server's private key, a PEM file */
    public Path key() {
        return key;
    }

    /** @return the PEM file of CA certificates client certificates are checked against, or null */
    public @Nullable Path caCert() {
        return caCert;
    }

    /** @return {@link #VERIFY_NONE}, {@link #VERIFY_REQUEST}, {@link #VERIFY_REQUIRE} or {@link #VERIFY_ONCE} */
    public int verifyMode() {
        return verifyMode;
    }

    /** @return the oldest protocol accepted: 0 TLS 1.0, 1 TLS 1.1, 2 TLS 1.2 (the default), 3 TLS 1.3 */
    public int minVersion() {
        return minVersion;
    }

    /** @return memcached's name of {@link #minVersion()}, such as {@code tlsv1.2} */
    public String minVersionName() {
        return VERSION_NAMES[minVersion];
    }

    /** @return how long a handshake may take before its connection is closed */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public String toString() {
        // File names only: never what they hold.
        return "TlsSettings[chainCert=" + chainCert + ", key=" + key + ", caCert=" + caCert + ", verifyMode="
                + verifyMode + ", minVersion=" + minVersionName() + ", handshakeTimeout=" + handshakeTimeout + "]";
    }

    /** Collects the settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final Path chainCert;
        private final Path key;
        private @Nullable Path caCert;
        private int verifyMode = VERIFY_NONE;
        private int minVersion = 2;
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        private Builder(Path chainCert, Path key) {
            this.chainCert = Objects.requireNonNull(chainCert, "chainCert");
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Sets the CA certificates (a PEM file) that client certificates must chain to. */
        public Builder caCert(Path caCert) {
            this.caCert = Objects.requireNonNull(caCert, "caCert");
            return this;
        }

        /** Sets memcached's {@code ssl_verify_mode}, 0 to 3. */
        public Builder verifyMode(int mode) {
            if (mode < VERIFY_NONE || mode > VERIFY_ONCE) {
                throw new IllegalArgumentException("ssl_verify_mode must be 0 to 3: " + mode);
            }
            this.verifyMode = mode;
            return this;
        }

        /** Sets memcached's {@code ssl_min_version}, 0 (TLS 1.0) to 3 (TLS 1.3). */
        public Builder minVersion(int version) {
            if (version < 0 || version > 3) {
                throw new IllegalArgumentException("ssl_min_version must be 0 to 3: " + version);
            }
            this.minVersion = version;
            return this;
        }

        /** Sets how long a handshake may take (positive). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** @return the settings */
        public TlsSettings build() {
            return new TlsSettings(this);
        }
    }
}
