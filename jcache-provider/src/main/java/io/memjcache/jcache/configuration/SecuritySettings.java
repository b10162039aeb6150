package io.memjcache.jcache.configuration;

import io.memjcache.jcache.client.ClientTls;
import io.memjcache.jcache.client.Credentials;
import io.memjcache.jcache.client.PemFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The TLS and authentication settings of one cache manager, read from its resolved settings: the files they name are
 * read and checked now, and every failure names the setting, as {@link ProviderSettings} does for the others. No
 * message quotes the password.
 *
 * <p>Not thread-safe: used once, while {@link ProviderSettings} is built. Arguments must not be {@code null}.
 */
final class SecuritySettings {

    /** A setting's text and source. */
    @FunctionalInterface
    interface Settings {
        ProviderSettings.ResolvedSetting setting(SettingKey key);
    }

    /** Parses a setting, naming it, its value and its source on failure. */
    @FunctionalInterface
    interface SettingParser {
        <T> T parse(SettingKey key, ProviderSettings.Parser<T> parser);
    }

    private final Settings settings;
    private final SettingParser parser;

    SecuritySettings(Settings settings, SettingParser parser) {
        this.settings = settings;
        this.parser = parser;
    }

    /** Refuses TLS files while {@code memjcache.tls} is off: they would be silently ignored. */
    @Nullable
    ClientTls noTls() {
        for (SettingKey key : List.of(SettingKey.TLS_CA_FILE, SettingKey.TLS_CERT_FILE, SettingKey.TLS_KEY_FILE)) {
            if (!settings.setting(key).text().isBlank()) {
                parser.parse(key, text -> {
                    throw new IllegalArgumentException(
                            "a TLS file is set but memjcache.tls is false; set " + "memjcache.tls=true to use TLS");
                });
            }
        }
        return null;
    }

    ClientTls tls() {
        Path caFile = path(SettingKey.TLS_CA_FILE);
        Path certFile = path(SettingKey.TLS_CERT_FILE);
        Path keyFile = path(SettingKey.TLS_KEY_FILE);
        if ((certFile == null) != (keyFile == null)) {
            SettingKey given = certFile != null ? SettingKey.TLS_CERT_FILE : SettingKey.TLS_KEY_FILE;
            SettingKey missing = certFile != null ? SettingKey.TLS_KEY_FILE : SettingKey.TLS_CERT_FILE;
            parser.parse(given, text -> {
                throw new IllegalArgumentException(
                        "a client certificate needs both " + SettingKey.TLS_CERT_FILE.propertyName() + " and "
                                + SettingKey.TLS_KEY_FILE.propertyName() + "; "
                                + missing.propertyName() + " is not set");
            });
        }
        List<X509Certificate> cas = caFile == null
                ? List.of()
                : parser.parse(SettingKey.TLS_CA_FILE, text -> PemFiles.certificates(caFile));
        List<X509Certificate> chain = certFile == null
                ? List.of()
                : parser.parse(SettingKey.TLS_CERT_FILE, text -> PemFiles.certificates(certFile));
        PrivateKey key =
                keyFile == null ? null : parser.parse(SettingKey.TLS_KEY_FILE, text -> PemFiles.privateKey(keyFile));
        boolean verifyHostname = parser.parse(SettingKey.TLS_VERIFY_HOSTNAME, SettingParsers::bool);
        return parser.parse(
                SettingKey.TLS_KEY_FILE, text -> ClientTls.create(caFile, cas, certFile, chain, key, verifyHostname));
    }

    /** @return the readable file a setting names, or null when it is empty */
    private @Nullable Path path(SettingKey key) {
        String text = settings.setting(key).text().strip();
        if (text.isEmpty()) {
            return null;
        }
        return parser.parse(key, unused -> {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("no readable file " + file.toAbsolutePath());
            }
            return file;
        });
    }

    /**
     * @return the credentials of {@code memjcache.username} and {@code memjcache.password} (or the first line of
     *     {@code memjcache.passwordFile}), or null when no user is set. Messages never quote the password.
     */
    @Nullable
    Credentials credentials() {
        String username = settings.setting(SettingKey.USERNAME).text().strip();
        ProviderSettings.ResolvedSetting password = settings.setting(SettingKey.PASSWORD);
        Path passwordFile = path(SettingKey.PASSWORD_FILE);
        boolean hasPassword = !password.text().isEmpty();
        if (hasPassword && passwordFile != null) {
            throw new IllegalArgumentException("memjcache.password (" + password.origin() + ") and "
                    + "memjcache.passwordFile ("
                    + settings.setting(SettingKey.PASSWORD_FILE).origin() + ") are both set: "
                    + "set one of them");
        }
        if (username.isEmpty()) {
            if (hasPassword || passwordFile != null) {
                throw new IllegalArgumentException((hasPassword ? "memjcache.password" : "memjcache.passwordFile")
                        + " is set without memjcache.username");
            }
            return null;
        }
        String secret;
        String source;
        if (passwordFile != null) {
            secret = parser.parse(SettingKey.PASSWORD_FILE, text -> firstLine(passwordFile));
            source = "memjcache.passwordFile = '" + passwordFile + "' ("
                    + settings.setting(SettingKey.PASSWORD_FILE).origin() + ")";
        } else if (hasPassword) {
            secret = password.text();
            source = "memjcache.password = '" + Credentials.MASK + "' (" + password.origin() + ")";
        } else {
            throw new IllegalArgumentException("memjcache.username = '" + username + "' ("
                    + settings.setting(SettingKey.USERNAME).origin() + ") is set without memjcache.password or "
                    + "memjcache.passwordFile");
        }
        try {
            return new Credentials(username, secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "memjcache.username = '" + username + "', " + source + ": " + e.getMessage(), e);
        }
    }

    /** @return the first line of the file, without its line end */
    private static String firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("the file's first line is empty: it must hold the password");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the file: " + e, e);
        }
    }
}
