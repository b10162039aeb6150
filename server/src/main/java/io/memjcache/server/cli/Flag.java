package io.memjcache.server.cli;

import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The option table: the memcached flags the server supports, each with its short and long name, and the memcached
 * flags it refuses by name; looked up with getopt_long's rules. Internal, not API. Immutable; thread-safe.
 */
enum Flag {
    PORT('p', "port", true),
    UDP_PORT('U', "udp-port", true),
    ENABLE_SHUTDOWN('A', "enable-shutdown", false),
    DISABLE_WATCH('W', "disable-watch", false),
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
            Map.entry('Y', "auth-file"),
            Map.entry('e', "memory-file"),
            Map.entry('Z', "enable-ssl"),
            Map.entry('o', "extended"),
            Map.entry('N', "napi_ids"));

    static Flag shortFlag(char name) throws UsageException {
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
    static Flag longFlag(String name, String arg) throws UsageException {
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
}
