package io.memjcache.server.compat;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.ReferenceSasl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Non-default server settings a script asks for with {@code server ...} lines, expressed both as memcached
 * command-line arguments (and environment) and as the equivalent {@link ServerConfig} settings, so that both
 * servers of a comparison run with the same configuration.
 *
 * <p>Supported lines: {@code server max-item-size BYTES} ({@code -I}), {@code server shutdown-enabled}
 * ({@code -A}) and {@code server sasl USER PASSWORD} ({@code -S} with one user: for memcached a Cyrus sasldb, see
 * {@link ReferenceSasl}; for the project's server a {@code user:password} file).
 *
 * <p>Immutable and thread-safe; a null {@code maxItemSize} means the default, a null {@code saslUser} no SASL.
 */
record ServerOptions(Integer maxItemSize, boolean shutdownEnabled, String saslUser, String saslPassword) {

    static final ServerOptions DEFAULTS = new ServerOptions(null, false, null, null);

    /** @return these options plus the one a {@code server} line (without the directive) sets */
    ServerOptions with(String setting) {
        String[] parts = setting.trim().split(" +");
        return switch (parts[0]) {
            case "max-item-size" -> new ServerOptions(number(parts), shutdownEnabled, saslUser, saslPassword);
            case "shutdown-enabled" -> new ServerOptions(maxItemSize, true, saslUser, saslPassword);
            case "sasl" -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected a user and a password after sasl");
                }
                yield new ServerOptions(maxItemSize, shutdownEnabled, parts[1], parts[2]);
            }
            default -> throw new IllegalArgumentException("unknown server setting: " + setting);
        };
    }

    /** @return the memcached command-line arguments for these options */
    String[] memcachedArguments() {
        List<String> args = new ArrayList<>();
        if (maxItemSize != null) {
            args.addAll(List.of("-I", maxItemSize.toString()));
        }
        if (shutdownEnabled) {
            args.add("-A");
        }
        if (saslUser != null) {
            args.add("-S");
        }
        return args.toArray(String[]::new);
    }

    /** @return the environment memcached needs for these options */
    Map<String, String> memcachedEnvironment() {
        return saslUser == null ? Map.of() : ReferenceSasl.environment(saslUser, saslPassword);
    }

    /** @return the builder with these options applied */
    ServerConfig.Builder applyTo(ServerConfig.Builder builder) {
        if (saslUser != null) {
            builder.sasl(passwordFile(saslUser, saslPassword));
        }
        if (maxItemSize != null) {
            builder.maxItemSize(maxItemSize);
        }
        if (shutdownEnabled) {
            builder.shutdownEnabled(true);
        }
        return builder;
    }

    /** @return a {@code user:password} file with the one user, removed when the test JVM exits */
    private static Path passwordFile(String user, String password) {
        try {
            Path file = Files.createTempFile("memjcache-sasl", ".pwdb");
            file.toFile().deleteOnExit();
            Files.writeString(file, user + ":" + password + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Integer number(String[] parts) {
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected one number after " + parts[0]);
        }
        return Integer.valueOf(parts[1]);
    }
}
