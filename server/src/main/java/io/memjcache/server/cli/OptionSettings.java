package io.memjcache.server.cli;

import io.memjcache.server.Protocol;
import io.memjcache.server.ServerConfig;
import io.memjcache.server.TlsSettings;
import io.memjcache.server.cli.CommandLineOptions.Action;
import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The options of one command line seen so far, checked one by one and gathered into a {@link ServerConfig}.
 * Internal, not API. Not thread-safe; lives for one {@link CommandLineOptions#parse} call.
 */
final class OptionSettings {

    static final long BYTES_PER_MEGABYTE = 1024L * 1024;
    /** The environment variable naming the SASL users' file, memcached's. */
    static final String PASSWORD_FILE_VARIABLE = "MEMCACHED_SASL_PWDB";

    private static final Pattern ITEM_SIZE = Pattern.compile("([0-9]{1,10})([kKmM]?)");

    private final ServerConfig.Builder builder = ServerConfig.builder();
    private int verbosity;
    private int port = ServerConfig.DEFAULT_PORT;
    private final ListenSpec listen = new ListenSpec();
    private final TlsOptions tls = new TlsOptions();
    private String memoryFlag = "-m";
    private long memoryMegabytes = ServerConfig.defaults().memoryLimitBytes() / BYTES_PER_MEGABYTE;
    private String itemSizeFlag = "-I";
    private String itemSizeValue = describeSize(ServerConfig.defaults().maxItemSize());
    private int itemSize = ServerConfig.defaults().maxItemSize();
    private final List<String> warnings = new ArrayList<>();
    private boolean daemon;
    private @Nullable Path pidFile;
    private @Nullable Protocol protocol;
    private boolean sasl;
    private final Map<String, String> environment;

    /** @param environment where {@code MEMCACHED_SASL_PWDB} is looked up */
    OptionSettings(Map<String, String> environment) {
        this.environment = environment;
    }

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
                port = (int) number(as, value, 0, 65535, "a TCP port from 0 to 65535");
                builder.port(port);
                break;
            case UDP_PORT:
                builder.udpPort((int) number(as, value, 0, 65535, "a UDP port from 0 to 65535"));
                break;
            case LISTEN:
                listen.add(as, value);
                break;
            case AUTH_FILE:
                if (value.isEmpty()) {
                    throw invalidValue(as, value, "expected the file of user:password lines");
                }
                builder.authFile(Path.of(value));
                break;
            case ENABLE_SSL:
                tls.enable();
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
            case DAEMON:
                daemon = true;
                break;
            case PIDFILE:
                if (value.isEmpty()) {
                    throw invalidValue(as, value, "expected a file name");
                }
                pidFile = Path.of(value);
                break;
            case MAX_REQS_PER_EVENT:
                builder.requestsPerEvent(
                        (int) number(as, value, 1, Integer.MAX_VALUE, "a number of requests, at least 1"));
                break;
            case LISTEN_BACKLOG:
                builder.listenBacklog(
                        (int) number(as, value, 1, Integer.MAX_VALUE, "a number of connections, at least 1"));
                break;
            case DISABLE_FLUSH_ALL:
                builder.flushEnabled(false);
                break;
            case DISABLE_DUMPING:
                builder.dumpEnabled(false);
                break;
            case EXTENDED:
                // The TLS settings go to the TLS options; every other extended option is judged as memcached does.
                List<String> others = new ArrayList<>();
                for (String setting : value.split(",", -1)) {
                    if (TlsOptions.isTlsSetting(setting)) {
                        tls.extended(as, setting);
                    } else {
                        others.add(setting);
                    }
                }
                for (String implemented : others.isEmpty()
                        ? List.<String>of()
                        : ExtendedOptions.apply(as, String.join(",", others), warnings)) {
                    if (implemented.equals("no_lru_crawler")) {
                        builder.lruCrawler(false);
                    } else if (implemented.equals("lru_crawler")) {
                        builder.lruCrawler(true);
                    }
                }
                break;
            case PROTOCOL:
                protocol = switch (value) {
                    case "auto" -> Protocol.AUTO;
                    case "ascii" -> Protocol.ASCII;
                    case "binary" -> Protocol.BINARY;
                    default -> throw invalidValue(as, value, "should be one of auto, binary, or ascii");
                };
                break;
            case ENABLE_SASL:
                sasl = true;
                break;
            default:
                tuning(flag, as, value);
        }
        return null;
    }

    /** Checks a flag that tunes what a JVM cannot, and warns that it is ignored. */
    private void tuning(Flag flag, String as, String value) throws UsageException {
        String why;
        switch (flag) {
            case ENABLE_COREDUMPS:
                why = "the core file limit is the JVM's; raise it with ulimit -c before starting it";
                break;
            case LOCK_MEMORY:
                why = "Java cannot lock the JVM's memory";
                break;
            case ENABLE_LARGEPAGES:
                why = "large pages are the JVM's to use: start it with -XX:+UseLargePages";
                break;
            case SLAB_GROWTH_FACTOR:
                if (!value.matches("[0-9]{1,9}(\\.[0-9]{1,9})?") || Double.parseDouble(value) <= 1.0) {
                    throw invalidValue(as, value, "factor must be greater than 1");
                }
                why = "it tunes memcached's slab allocator, which memjcache does not have";
                break;
            case SLAB_MIN_SIZE:
                number(as, value, 1, Integer.MAX_VALUE, "a chunk size greater than 0");
                why = "it tunes memcached's slab allocator, which memjcache does not have";
                break;
            case NAPI_IDS:
                number(as, value, 1, Integer.MAX_VALUE, "a number of NAPI ids, at least 1");
                why = "NAPI ids steer memcached's own event threads";
                break;
            default:
                throw new AssertionError(flag);
        }
        warnings.add(as + (flag.takesValue ? " " + value : "") + " ignored: " + why);
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

    /** @return the warnings about options accepted but ignored, one line each, in command-line order */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return whether {@code -d} asks to run as a daemon */
    boolean daemon() {
        return daemon;
    }

    /** @return the file {@code -P} names, or {@code null} */
    @Nullable
    Path pidFile() {
        return pidFile;
    }

    ServerConfig build() throws UsageException {
        // memcached refuses an item size limit above half the memory limit; so do we, with its reason.
        if (itemSize > memoryMegabytes * BYTES_PER_MEGABYTE / 2) {
            throw new UsageException("cannot set item size limit higher than 1/2 of memory max: "
                    + itemSizeFlag + " " + itemSizeValue + " with " + memoryFlag + " " + memoryMegabytes
                    + " (megabytes)");
        }
        builder.verbosity(Math.min(verbosity, 3));
        TlsSettings tlsSettings = tls.settings();
        if (tlsSettings != null) {
            builder.tls(tlsSettings);
        }
        listen.applyTo(builder, port, tls.enabled());
        if (protocol != null) {
            builder.protocol(protocol);
        }
        if (sasl) {
            // As memcached: SASL means the binary protocol; asking for another with it is an error.
            if (protocol != null && protocol != Protocol.BINARY) {
                throw new UsageException("you cannot allow the ASCII protocol while using SASL (-S needs -B binary)");
            }
            String file = environment.get(PASSWORD_FILE_VARIABLE);
            if (file == null || file.isEmpty()) {
                throw new UsageException(
                        "-S needs the SASL users: set " + PASSWORD_FILE_VARIABLE + " to a file of user:password lines");
            }
            builder.sasl(Path.of(file));
        }
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
