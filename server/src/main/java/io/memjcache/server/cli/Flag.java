package io.memjcache.server.cli;

import io.memjcache.server.cli.CommandLineOptions.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The option table: the memcached flags the server supports (or accepts as tuning it cannot apply, with a warning),
 * each with its short and long name, and the memcached flags it refuses by name, with the reason when it is known;
 * looked up with getopt_long's rules. Internal, not API. Immutable; thread-safe.
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
    MAX_ITEM_SIZE('I', "max-item-size", true),
    AUTH_FILE('Y', "auth-file", true),
    ENABLE_SSL('Z', "enable-ssl", false),
    DAEMON('d', "daemon", false),
    PIDFILE('P', "pidfile", true),
    MAX_REQS_PER_EVENT('R', "max-reqs-per-event", true),
    LISTEN_BACKLOG('b', "listen-backlog", true),
    EXTENDED('o', "extended", true),
    // Tuning of memcached's process and memory that a JVM cannot apply: accepted with a warning.
    ENABLE_COREDUMPS('r', "enable-coredumps", false),
    LOCK_MEMORY('k', "lock-memory", false),
    SLAB_GROWTH_FACTOR('f', "slab-growth-factor", true),
    SLAB_MIN_SIZE('n', "slab-min-size", true),
    ENABLE_LARGEPAGES('L', "enable-largepages", false),
    NAPI_IDS('N', "napi_ids", true),
    DISABLE_FLUSH_ALL('F', "disable-flush-all", false),
    DISABLE_DUMPING('X', "disable-dumping", false),
    PROTOCOL('B', "protocol", true),
    ENABLE_SASL('S', "enable-sasl", false);

    final char shortName;
    final String longName;
    final boolean takesValue;

    Flag(char shortName, String longName, boolean takesValue) {
        this.shortName = shortName;
        this.longName = longName;
        this.takesValue = takesValue;
    }

    /** A memcached flag memjcache refuses: its long name and why the behaviour it asks for is missing. */
    private record Refused(String longName, String reason) {}

    /*
     * memcached flags memjcache does not implement, so that asking for one says "not supported" and why rather
     * than "invalid option": the user most likely copied a working memcached command line.
     */
    private static final Map<Character, Refused> UNSUPPORTED = Map.ofEntries(
            Map.entry('s', new Refused("unix-socket", "memjcache listens on TCP only; use -l and -p")),
            Map.entry(
                    'a', new Refused("unix-mask", "memjcache listens on TCP only, so there is no UNIX socket to mask")),
            Map.entry(
                    'M',
                    new Refused(
                            "disable-evictions",
                            "memjcache always evicts the least recently used items when memory is full")),
            Map.entry('i', new Refused("license", "memjcache has no license text of its own to print")),
            Map.entry(
                    'D',
                    new Refused(
                            "D",
                            "per-prefix statistics use ':' as the delimiter, and are turned on with \"stats detail on\"")),
            Map.entry('C', new Refused("disable-cas", "memjcache always keeps CAS values")),
            Map.entry(
                    'e',
                    new Refused(
                            "memory-file",
                            "memjcache keeps items in the JVM's heap only, and cannot restart with them")));

    static Flag shortFlag(char name) throws UsageException {
        for (Flag flag : Flag.values()) {
            if (flag.shortName == name) {
                return flag;
            }
        }
        Refused refused = UNSUPPORTED.get(name);
        if (refused != null) {
            String longName = refused.longName();
            throw new UsageException("memcached's option -" + name
                    + (longName.length() > 1 ? " (--" + longName + ")" : "") + " is not supported: "
                    + refused.reason());
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
        for (Map.Entry<Character, Refused> unsupported : UNSUPPORTED.entrySet()) {
            if (unsupported.getValue().longName().equals(name) && name.length() > 1) {
                throw new UsageException("memcached's option --" + name + " (-" + unsupported.getKey()
                        + ") is not supported: " + unsupported.getValue().reason());
            }
        }
        throw new UsageException("unrecognized option '" + arg + "'");
    }
}
