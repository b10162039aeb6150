package io.memjcache.server.cli;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.cli.CommandLineOptions.Action;
import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The options of one command line seen so far, checked one by one and gathered into a {@link ServerConfig}.
 * Internal, not API. Not thread-safe; lives for one {@link CommandLineOptions#parse} call.
 */
final class OptionSettings {

    static final long BYTES_PER_MEGABYTE = 1024L * 1024;
    private static final Pattern ITEM_SIZE = Pattern.compile("([0-9]{1,10})([kKmM]?)");

    private final ServerConfig.Builder builder = ServerConfig.builder();
    private int verbosity;
    private @Nullable String listenFlag;
    private @Nullable String listenValue;
    private String memoryFlag = "-m";
    private long memoryMegabytes = ServerConfig.defaults().memoryLimitBytes() / BYTES_PER_MEGABYTE;
    private String itemSizeFlag = "-I";
    private String itemSizeValue = describeSize(ServerConfig.defaults().maxItemSize());
    private int itemSize = ServerConfig.defaults().maxItemSize();

    /** @return the action that ends parsing now, or {@code null} to go on */
    @Nullable
    Action apply(Flag flag, String as, String value) throws UsageException {
        try {
            return applyChecked(flag, as, value);
        } catch (IllegalArgumentException rejectedByBuilder) {
            // The builder's own limits are the last word; report them against the flag that set the value.
            throw invalidValue(as, value, String.valueOf(rejectedByBuilder.getMessage()));
        }
    }

    private @Nullable Action applyChecked(Flag flag, String as, String value) throws UsageException {
        switch (flag) {
            case HELP:
                return Action.HELP;
            case VERSION:
                return Action.VERSION;
            case VERBOSE:
                verbosity++;
                break;
            case DISABLE_WATCH:
                builder.watchEnabled(false);
                break;
            case ENABLE_SHUTDOWN:
                builder.shutdownEnabled(true);
                break;
            case USER:
                break;
            case PORT:
                builder.port((int) number(as, value, 0, 65535, "a TCP port from 0 to 65535"));
                break;
            case UDP_PORT:
                builder.udpPort((int) number(as, value, 0, 65535, "a UDP port from 0 to 65535"));
                break;
            case LISTEN:
                listen(as, value);
                break;
            case MEMORY_LIMIT:
                memoryMegabytes =
                        number(as, value, 1, Long.MAX_VALUE / BYTES_PER_MEGABYTE, "a number of megabytes, at least 1");
                memoryFlag = as;
                builder.memoryLimitMegabytes(memoryMegabytes);
                break;
            case CONN_LIMIT:
                builder.maxConnections(
                        (int) number(as, value, 1, Integer.MAX_VALUE, "a number of connections, at least 1"));
                break;
            case THREADS:
                builder.threads((int) number(as, value, 1, 256, "a number of threads from 1 to 256"));
                break;
            case MAX_ITEM_SIZE:
                itemSize = itemSize(as, value);
                itemSizeFlag = as;
                itemSizeValue = value;
                builder.maxItemSize(itemSize);
                break;
            default:
                throw new AssertionError(flag);
        }
        return null;
    }

    private void listen(String as, String value) throws UsageException {
        if (listenFlag != null) {
            throw new UsageException("only one listen address is supported, but " + listenFlag + " " + listenValue
                    + " and " + as + " " + value + " were both given");
        }
        if (value.contains(",")) {
            throw invalidValue(as, value, "only one listen address is supported");
        }
        listenFlag = as;
        listenValue = value;
        boolean bracketed = value.length() > 2 && value.startsWith("[") && value.endsWith("]");
        builder.listenAddress(bracketed ? value.substring(1, value.length() - 1) : value);
    }

    /** Reads memcached's {@code -I} syntax: bytes, or a whole number of {@code k} or {@code m}. */
    private static int itemSize(String as, String value) throws UsageException {
        Matcher m = ITEM_SIZE.matcher(value);
        if (!m.matches()) {
            throw invalidValue(as, value, "expected a size in bytes, or with a k or m suffix (like 512k or 2m)");
        }
        long multiplier =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 1024L;
                    case "m" -> BYTES_PER_MEGABYTE;
                    default -> 1L;
                };
        long bytes = Long.parseLong(m.group(1)) * multiplier;
        if (bytes < ServerConfig.MIN_ITEM_SIZE_LIMIT) {
            throw invalidValue(as, value, "item max size cannot be less than 1024 bytes (1k)");
        }
        if (bytes > ServerConfig.MAX_ITEM_SIZE_LIMIT) {
            throw invalidValue(as, value, "cannot set item size limit higher than a gigabyte (1024m)");
        }
        return (int) bytes;
    }

    ServerConfig build() throws UsageException {
        // memcached refuses an item size limit above half the memory limit; so do we, with its reason.
        if (itemSize > memoryMegabytes * BYTES_PER_MEGABYTE / 2) {
            throw new UsageException("cannot set item size limit higher than 1/2 of memory max: "
                    + itemSizeFlag + " " + itemSizeValue + " with " + memoryFlag + " " + memoryMegabytes
                    + " (megabytes)");
        }
        builder.verbosity(Math.min(verbosity, 3));
        try {
            return builder.build();
        } catch (IllegalArgumentException conflict) {
            throw new UsageException(String.valueOf(conflict.getMessage()));
        }
    }

    static String describeSize(int bytes) {
        if (bytes % BYTES_PER_MEGABYTE == 0) {
            return bytes / BYTES_PER_MEGABYTE + "m";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : Integer.toString(bytes);
    }

    static UsageException invalidValue(String flag, String value, String why) {
        return new UsageException("invalid value '" + value + "' for " + flag + ": " + why);
    }

    private static long number(String flag, String value, long min, long max, String expected) throws UsageException {
        long n = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -1;
        if (n < min || n > max) {
            throw invalidValue(flag, value, "expected " + expected);
        }
        return n;
    }
}
