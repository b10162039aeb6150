package io.memjcache.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The server's command line: memcached 1.6's flags and defaults for the options memjcache supports, parsed with
 * getopt_long's rules ({@code -p 11211}, {@code -p11211}, {@code --port=11211}, {@code --port 11211}, clustered
 * short flags such as {@code -vA}, unambiguous long-name prefixes, {@code --} ending the options).
 *
 * <p>Unlike memcached, which reads numbers with {@code atoi} and so takes {@code -p abc} as port 0, every value is
 * checked strictly; and memjcache listens on loopback unless {@code -l} says otherwise.
 *
 * <p>Instances are immutable and thread-safe. No method accepts or returns {@code null} unless its documentation
 * says so.
 */
final class CommandLineOptions {

    /** What the command line asks for: run with {@link #config()}, or print help or the version and exit. */
    enum Action {
        RUN,
        HELP,
        VERSION
    }

    /** A command line that cannot be obeyed; the message is one line naming the offending flag and value. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The memcached release whose flags, defaults and protocol memjcache follows. */
    static final String MEMCACHED_COMPATIBILITY = "1.6.18";

    private static final long BYTES_PER_MEGABYTE = 1024L * 1024;
    private static final Pattern ITEM_SIZE = Pattern.compile("([0-9]{1,10})([kKmM]?)");

    private enum Flag {
        PORT('p', "port", true),
        UDP_PORT('U', "udp-port", true),
        ENABLE_SHUTDOWN('A', "enable-shutdown", false),
        LISTEN('l', "listen", true),
        USER('u', "user", true),
        MEMORY_LIMIT('m', "memory-limit", true),
        CONN_LIMIT('c', "conn-limit", true),
        VERBOSE('v', "verbose", false),
        HELP('h', "help", false),
        VERSION('V', "version", false),
        THREADS('t', "threads", true),
        MAX_ITEM_SIZE('I', "max-item-size", true);

        final char shortName;
        final String longName;
        final boolean takesValue;

        Flag(char shortName, String longName, boolean takesValue) {
            this.shortName = shortName;
            this.longName = longName;
            this.takesValue = takesValue;
        }
    }

    /*
     * memcached flags memjcache does not implement, so that asking for one says "not supported" rather than
     * "invalid option": the user most likely copied a working memcached command line.
     */
    private static final Map<Character, String> UNSUPPORTED = Map.ofEntries(
            Map.entry('s', "unix-socket"),
            Map.entry('a', "unix-mask"),
            Map.entry('d', "daemon"),
            Map.entry('r', "enable-coredumps"),
            Map.entry('M', "disable-evictions"),
            Map.entry('k', "lock-memory"),
            Map.entry('i', "license"),
            Map.entry('P', "pidfile"),
            Map.entry('f', "slab-growth-factor"),
            Map.entry('n', "slab-min-size"),
            Map.entry('L', "enable-largepages"),
            Map.entry('D', "D"),
            Map.entry('R', "max-reqs-per-event"),
            Map.entry('C', "disable-cas"),
            Map.entry('b', "listen-backlog"),
            Map.entry('B', "protocol"),
            Map.entry('S', "enable-sasl"),
            Map.entry('F', "disable-flush-all"),
            Map.entry('X', "disable-dumping"),
            Map.entry('W', "disable-watch"),
            Map.entry('Y', "auth-file"),
            Map.entry('e', "memory-file"),
            Map.entry('Z', "enable-ssl"),
            Map.entry('o', "extended"),
            Map.entry('N', "napi_ids"));

    private final Action action;
    private final ServerConfig config;

    private CommandLineOptions(Action action, ServerConfig config) {
        this.action = action;
        this.config = config;
    }

    /**
     * Parses a command line. Like memcached, options are obeyed in order: {@code -h} or {@code -V} ends parsing
     * at once, so only the options before it are checked.
     *
     * @param args the arguments after the program name
     * @return what to do
     * @throws UsageException if an option is unknown, lacks its value, has a bad value, or the options conflict
     */
    static CommandLineOptions parse(String... args) throws UsageException {
        Settings settings = new Settings();
        int next = 0;
        while (next < args.length) {
            String arg = args[next++];
            Action stop;
            if (arg.equals("--")) {
                if (next < args.length) {
                    throw unexpectedArgument(args[next]);
                }
                break;
            } else if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int equals = body.indexOf('=');
                Flag flag = longFlag(equals < 0 ? body : body.substring(0, equals), arg);
                String value = ""; // stays empty for a flag that takes no value
                if (flag.takesValue) {
                    if (equals >= 0) {
                        value = body.substring(equals + 1);
                    } else if (next < args.length) {
                        value = args[next++];
                    } else {
                        throw new UsageException("option '--" + flag.longName + "' requires an argument");
                    }
                } else if (equals >= 0) {
                    throw new UsageException("option '--" + flag.longName + "' doesn't allow an argument");
                }
                stop = settings.apply(flag, "--" + flag.longName, value);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                stop = null;
                for (int i = 1; i < arg.length() && stop == null; i++) {
                    Flag flag = shortFlag(arg.charAt(i));
                    String value = ""; // stays empty for a flag that takes no value
                    if (flag.takesValue) {
                        if (i + 1 < arg.length()) {
                            value = arg.substring(i + 1);
                        } else if (next < args.length) {
                            value = args[next++];
                        } else {
                            throw new UsageException("option requires an argument -- '" + flag.shortName + "'");
                        }
                        i = arg.length();
                    }
                    stop = settings.apply(flag, "-" + flag.shortName, value);
                }
            } else {
                throw unexpectedArgument(arg);
            }
            if (stop != null) {
                return new CommandLineOptions(stop, ServerConfig.defaults());
            }
        }
        return new CommandLineOptions(Action.RUN, settings.build());
    }

    /** @return what the command line asks for */
    Action action() {
        return action;
    }

    /**
     * @return the server configuration to run with
     * @throws IllegalStateException if the action is not {@link Action#RUN}
     */
    ServerConfig config() {
        if (action != Action.RUN) {
            throw new IllegalStateException("no configuration: the command line asks for " + action);
        }
        return config;
    }

    /**
     * @param implementationVersion the project version, or {@code null} when unknown (not running from a jar)
     * @return the line {@code -V} prints
     */
    static String versionLine(String implementationVersion) {
        String version =
                implementationVersion == null || implementationVersion.isBlank() ? "dev" : implementationVersion;
        return "memjcache " + version + " (memcached " + MEMCACHED_COMPATIBILITY + " compatible)";
    }

    /**
     * @param versionLine the first line, as from {@link #versionLine(String)}
     * @return the text {@code -h} prints, ending with a line break; memcached's wording for the options it shares
     */
    static String helpText(String versionLine) {
        ServerConfig defaults = ServerConfig.defaults();
        return versionLine + "\n"
                + """
                -p, --port=<num>          TCP port to listen on (default: %d)
                -U, --udp-port=<num>      UDP port to listen on (default: 0, off; only 0 is accepted:
                                          memjcache has no UDP support)
                -A, --enable-shutdown     enable ascii "shutdown" command
                -l, --listen=<addr>       interface to listen on (default: %s)
                                          use 0.0.0.0 or :: to listen on all interfaces
                -u, --user=<user>         accepted and ignored: the JVM cannot change its identity;
                                          start it as the user it should run as
                -m, --memory-limit=<num>  item memory in megabytes (default: %d)
                -c, --conn-limit=<num>    max simultaneous connections (default: %d)
                -v, --verbose             verbose (print errors/warnings while in event loop)
                -vv                       very verbose (also print client commands/responses)
                -vvv                      extremely verbose (internal state transitions)
                -h, --help                print this help and exit
                -V, --version             print version and exit
                -t, --threads=<num>       number of threads to use (default: %d)
                -I, --max-item-size=<num> adjusts max item size
                                          (default: %s, min: 1k, max: 1024m)
                """.formatted(
                                defaults.port(),
                                defaults.listenAddress(),
                                defaults.memoryLimitBytes() / BYTES_PER_MEGABYTE,
                                defaults.maxConnections(),
                                defaults.threads(),
                                describeSize(defaults.maxItemSize()));
    }

    private static String describeSize(int bytes) {
        if (bytes % BYTES_PER_MEGABYTE == 0) {
            return bytes / BYTES_PER_MEGABYTE + "m";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : Integer.toString(bytes);
    }

    private static Flag shortFlag(char name) throws UsageException {
        for (Flag flag : Flag.values()) {
            if (flag.shortName == name) {
                return flag;
            }
        }
        String unsupported = UNSUPPORTED.get(name);
        if (unsupported != null) {
            throw new UsageException("memcached's option -" + name
                    + (unsupported.length() > 1 ? " (--" + unsupported + ")" : "") + " is not supported");
        }
        throw new UsageException("invalid option -- '" + name + "'");
    }

    /** Resolves an exact long name, or else a prefix of exactly one, as getopt_long does. */
    private static Flag longFlag(String name, String arg) throws UsageException {
        List<Flag> candidates = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            if (flag.longName.equals(name)) {
                return flag;
            }
            if (!name.isEmpty() && flag.longName.startsWith(name)) {
                candidates.add(flag);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.size() > 1) {
            StringBuilder message = new StringBuilder("option '" + arg + "' is ambiguous; possibilities:");
            candidates.forEach(
                    flag -> message.append(" '--").append(flag.longName).append('\''));
            throw new UsageException(message.toString());
        }
        for (Map.Entry<Character, String> unsupported : UNSUPPORTED.entrySet()) {
            if (unsupported.getValue().equals(name) && name.length() > 1) {
                throw new UsageException(
                        "memcached's option --" + name + " (-" + unsupported.getKey() + ") is not supported");
            }
        }
        throw new UsageException("unrecognized option '" + arg + "'");
    }

    private static UsageException unexpectedArgument(String arg) {
        return new UsageException("unexpected argument '" + arg + "': memjcache takes only options");
    }

    private static UsageException invalidValue(String flag, String value, String why) {
        return new UsageException("invalid value '" + value + "' for " + flag + ": " + why);
    }

    private static long number(String flag, String value, long min, long max, String expected) throws UsageException {
        long n = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -1;
        if (n < min || n > max) {
            throw invalidValue(flag, value, "expected " + expected);
        }
        return n;
    }

    /** The options seen so far. Not thread-safe; lives for one {@link #parse} call. */
    private static final class Settings {
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
                case ENABLE_SHUTDOWN:
                    builder.shutdownEnabled(true);
                    break;
                case USER:
                    break;
                case PORT:
                    builder.port((int) number(as, value, 0, 65535, "a TCP port from 0 to 65535"));
                    break;
                case UDP_PORT:
                    if (number(as, value, 0, 65535, "a UDP port from 0 to 65535") != 0) {
                        throw invalidValue(as, value, "UDP is not supported; only 0 (off) is accepted");
                    }
                    break;
                case LISTEN:
                    listen(as, value);
                    break;
                case MEMORY_LIMIT:
                    memoryMegabytes = number(
                            as, value, 1, Long.MAX_VALUE / BYTES_PER_MEGABYTE, "a number of megabytes, at least 1");
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
    }
}
