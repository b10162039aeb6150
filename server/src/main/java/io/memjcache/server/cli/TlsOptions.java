package io.memjcache.server.cli;

import io.memjcache.server.TlsSettings;
import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.nio.file.Path;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code -Z} and the {@code ssl_*} settings of {@code -o} (memcached's extended options, comma-separated
 * {@code key=value}): {@code ssl_chain_cert}, {@code ssl_key}, {@code ssl_ca_cert}, {@code ssl_verify_mode} (0 to
 * 3) and {@code ssl_min_version} (0 TLS 1.0 to 3 TLS 1.3). As in memcached, {@code ssl_*} settings without
 * {@code -Z} are accepted and change nothing. Other extended options are judged by {@link ExtendedOptions}. Internal, not
 * API. Not thread-safe; lives for one command line.
 */
final class TlsOptions {

    private boolean enabled;
    private @Nullable Path chainCert;
    private @Nullable Path key;
    private @Nullable Path caCert;
    private int verifyMode;
    private int minVersion = 2;

    void enable() {
        enabled = true;
    }

    boolean enabled() {
        return enabled;
    }

    private static final Set<String> SETTINGS =
            Set.of("ssl_chain_cert", "ssl_key", "ssl_ca_cert", "ssl_verify_mode", "ssl_min_version");

    /** @return whether one {@code name=value} of {@code -o} is a TLS setting read here */
    static boolean isTlsSetting(String setting) {
        int equals = setting.indexOf('=');
        return SETTINGS.contains(equals < 0 ? setting : setting.substring(0, equals));
    }

    /** Reads one {@code -o} value. */
    void extended(String flag, String value) throws UsageException {
        for (String setting : value.split(",", -1)) {
            int equals = setting.indexOf('=');
            String name = equals < 0 ? setting : setting.substring(0, equals);
            String v = equals < 0 ? "" : setting.substring(equals + 1);
            switch (name) {
                case "ssl_chain_cert" -> chainCert = path(flag, setting, v);
                case "ssl_key" -> key = path(flag, setting, v);
                case "ssl_ca_cert" -> caCert = path(flag, setting, v);
                case "ssl_verify_mode" -> verifyMode = level(flag, setting, v, "ssl_verify_mode");
                case "ssl_min_version" -> minVersion = level(flag, setting, v, "ssl_min_version");
                default ->
                    throw new UsageException(
                            "memcached's extended option " + name + " (" + flag + " " + setting + ") is not supported");
            }
        }
    }

    /** @return the settings, or null without {@code -Z} */
    @Nullable
    TlsSettings settings() throws UsageException {
        if (!enabled) {
            return null;
        }
        if (chainCert == null) {
            throw new UsageException("-Z needs the server's certificate chain: -o ssl_chain_cert=<file>");
        }
        if (key == null) {
            throw new UsageException("-Z needs the server's private key: -o ssl_key=<file>");
        }
        TlsSettings.Builder b =
                TlsSettings.builder(chainCert, key).verifyMode(verifyMode).minVersion(minVersion);
        if (caCert != null) {
            b.caCert(caCert);
        }
        return b.build();
    }

    private static Path path(String flag, String setting, String value) throws UsageException {
        if (value.isEmpty()) {
            throw OptionSettings.invalidValue(flag, setting, "expected a file name");
        }
        return Path.of(value);
    }

    private static int level(String flag, String setting, String value, String name) throws UsageException {
        if (!value.matches("[0-3]")) {
            throw OptionSettings.invalidValue(flag, setting, "Invalid " + name + ". Use help to see valid options.");
        }
        return Integer.parseInt(value);
    }
}
