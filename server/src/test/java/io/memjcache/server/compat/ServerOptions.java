package io.memjcache.server.compat;

import io.memjcache.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Non-default server settings a script asks for with {@code server ...} lines, expressed both as memcached
 * command-line arguments and as the equivalent {@link ServerConfig} settings, so that both servers of a
 * comparison run with the same configuration.
 *
 * <p>Supported lines: {@code server max-item-size BYTES} ({@code -I}) and {@code server shutdown-enabled}
 * ({@code -A}).
 *
 * <p>Immutable and thread-safe; a null {@code maxItemSize} means the default.
 */
record ServerOptions(Integer maxItemSize, boolean shutdownEnabled) {

    static final ServerOptions DEFAULTS = new ServerOptions(null, false);

    /** @return these options plus the one a {@code server} line (without the directive) sets */
    ServerOptions with(String setting) {
        String[] parts = setting.trim().split(" +");
        return switch (parts[0]) {
            case "max-item-size" -> new ServerOptions(number(parts), shutdownEnabled);
            case "shutdown-enabled" -> new ServerOptions(maxItemSize, true);
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
        return builder;
    }

    private static Integer number(String[] parts) {
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected one number after " + parts[0]);
        }
        return Integer.valueOf(parts[1]);
    }
}
