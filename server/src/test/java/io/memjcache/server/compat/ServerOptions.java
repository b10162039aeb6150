package io.memjcache.server.compat;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.testsupport.ReferenceSasl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Non-default server settings a script asks for with {@code server ...} lines, expressed both as memcached
 * command-line arguments (and environment) and as the equivalent {@link ServerConfig} settings, so that both
 * servers of a comparison run with the same configuration.
 *
 * <p>Supported lines: {@code server max-item-size BYTES} ({@code -I}), {@code server shutdown-enabled}
 * ({@code -A}), {@code server auth-file USER:PASS ...} ({@code -Y}: the entries, one per line, are written to
 * a temporary file that both servers read, so that they also report the same path) and {@code server sasl USER
 * PASSWORD} ({@code -S} with one user: for memcached a Cyrus sasldb, see {@link ReferenceSasl}; for the project's
 * server a {@code user:password} file).
 *
 * <p>Immutable and thread-safe; a null {@code maxItemSize} means the default, a null {@code authFile} no ASCII
 * authentication, a null {@code saslUser} no SASL.
 */
record ServerOptions(
        Integer maxItemSize, boolean shutdownEnabled, Path authFile, String saslUser, String saslPassword) {

    static final ServerOptions DEFAULTS = new ServerOptions(null, false, null, null, null);

    ServerOptions(Integer maxItemSize, boolean shutdownEnabled) {
        this(maxItemSize, shutdownEnabled, null, null, null);
    }

    /** @return these options plus the one a {@code server} line (without the directive) sets */
    ServerOptions with(String setting) {
        String[] parts = setting.trim().split(" +");
        return switch (parts[0]) {
            case "max-item-size" -> new ServerOptions(number(parts), shutdownEnabled, authFile, saslUser, saslPassword);
            case "shutdown-enabled" -> new ServerOptions(maxItemSize, true, authFile, saslUser, saslPassword);
            case "auth-file" ->
                new ServerOptions(maxItemSize, shutdownEnabled, authFile(parts), saslUser, saslPassword);
            case "sasl" -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected a user and a password after sasl");
                }
                yield new ServerOptions(maxItemSize, shutdownEnabled, authFile, parts[1], parts[2]);
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
        if (authFile != null) {
            args.addAll(List.of("-Y", authFile.toString()));
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
        if (maxItemSize != null) {
            builder.maxItemSize(maxItemSize);
        }
        if (shutdownEnabled) {
            builder.shutdownEnabled(true);
        }
        if (authFile != null) {
            builder.authFile(authFile);
        }
        if (saslUser != null) {
            builder.sasl(temporaryFile("memjcache-sasl", saslUser + ":" + saslPassword + "\n"));
        }
        return builder;
    }

    private static Integer number(String[] parts) {
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected one number after " + parts[0]);
        }
        return Integer.valueOf(parts[1]);
    }

    private static Path authFile(String[] parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("expected user:password entries after " + parts[0]);
        }
        return temporaryFile(
                "memjcache-authfile", String.join("\n", Arrays.asList(parts).subList(1, parts.length)) + "\n");
    }

    /** @return a file holding {@code content}, removed when the test JVM exits */
    private static Path temporaryFile(String prefix, String content) {
        try {
            Path file = Files.createTempFile(prefix, ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, content, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
