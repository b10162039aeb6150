package io.memjcache.server.compat;

import io.memjcache.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Non-default server settings a script asks for with {@code server ...} lines, expressed both as memcached
 * command-line arguments and as the equivalent {@link ServerConfig} settings, so that both servers of a
 * comparison run with the same configuration.
 *
 * <p>Supported lines: {@code server max-item-size BYTES} ({@code -I}), {@code server shutdown-enabled}
 * ({@code -A}) and {@code server auth-file USER:PASS ...} ({@code -Y}: the entries, one per line, are written to
 * a temporary file that both servers read, so that they also report the same path).
 *
 * <p>Immutable and thread-safe; a null {@code maxItemSize} means the default, a null {@code authFile} no
 * authentication.
 */
record ServerOptions(Integer maxItemSize, boolean shutdownEnabled, Path authFile) {

    static final ServerOptions DEFAULTS = new ServerOptions(null, false, null);

    ServerOptions(Integer maxItemSize, boolean shutdownEnabled) {
        this(maxItemSize, shutdownEnabled, null);
    }

    /** @return these options plus the one a {@code server} line (without the directive) sets */
    ServerOptions with(String setting) {
        String[] parts = setting.trim().split(" +");
        return switch (parts[0]) {
            case "max-item-size" -> new ServerOptions(number(parts), shutdownEnabled, authFile);
            case "shutdown-enabled" -> new ServerOptions(maxItemSize, true, authFile);
            case "auth-file" -> new ServerOptions(maxItemSize, shutdownEnabled, authFile(parts));
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
        return args.toArray(String[]::new);
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
        try {
            Path file = Files.createTempFile("memjcache-authfile", ".txt");
            file.toFile().deleteOnExit();
            String lines = String.join("\n", Arrays.asList(parts).subList(1, parts.length)) + "\n";
            Files.writeString(file, lines, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
