package io.memjcache.server.cli;

import io.memjcache.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server's command line: memcached 1.6's flags and defaults for the options memjcache supports, parsed with
 * getopt_long's rules ({@code -p 11211}, {@code -p11211}, {@code --port=11211}, {@code --port 11211}, clustered
 * short flags such as {@code -vA}, unambiguous long-name prefixes, {@code --} ending the options).
 *
 * <p>Unlike memcached, which reads numbers with {@code atoi} and so takes {@code -p abc} as port 0, every value is
 * checked strictly; and memjcache listens on loopback unless {@code -l} says otherwise. A memcached flag that only
 * tunes what a JVM cannot (large pages, core dumps, slab classes, most {@code -o} options) is accepted with a
 * one-line {@linkplain #warnings() warning}; one that asks for behaviour memjcache lacks is refused, saying why.
 *
 * <p>Instances are immutable and thread-safe. No method accepts or returns {@code null} unless its documentation
 * says so.
 *
 * <p>Internal, not API.
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

    private final Action action;
    private final ServerConfig config;
    private final List<String> warnings;
    private final boolean daemon;
    private final @Nullable Path pidFile;

    private CommandLineOptions(Action action, ServerConfig config) {
        this(action, config, List.of(), false, null);
    }

    private CommandLineOptions(
            Action action, ServerConfig config, List<String> warnings, boolean daemon, @Nullable Path pidFile) {
        this.action = action;
        this.config = config;
        this.warnings = warnings;
        this.daemon = daemon;
        this.pidFile = pidFile;
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
        return parse(System.getenv(), args);
    }

    /** As {@link #parse(String...)}, with the environment {@code -S} reads {@code MEMCACHED_SASL_PWDB} from. */
    static CommandLineOptions parse(Map<String, String> environment, String... args) throws UsageException {
        OptionSettings settings = new OptionSettings(environment);
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
                Flag flag = Flag.longFlag(equals < 0 ? body : body.substring(0, equals), arg);
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
                    Flag flag = Flag.shortFlag(arg.charAt(i));
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
        ServerConfig config = settings.build();
        return new CommandLineOptions(Action.RUN, config, settings.warnings(), settings.daemon(), settings.pidFile());
    }

    /** @return one line for each option accepted but ignored (tuning a JVM cannot apply), in command-line order */
    List<String> warnings() {
        return warnings;
    }

    /** @return whether {@code -d} asks to run as a daemon, detached from the terminal */
    boolean daemon() {
        return daemon;
    }

    /** @return the file {@code -P} names, to hold the server's process id while it runs; {@code null} if none */
    @Nullable
    Path pidFile() {
        return pidFile;
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
                -U, --udp-port=<num>      UDP port to listen on (default: 0, off)
                -A, --enable-shutdown     enable ascii "shutdown" command
                -l, --listen=<addr>       interface to listen on (default: %s)
                                          use 0.0.0.0 or :: to listen on all interfaces;
                                          several, separated by ',' each may be <addr>:<port>;
                                          with TLS, a 'notls:' prefix disables it for one listener
                -d, --daemon              run as a daemon: start again detached from the terminal
                                          (in a new session, through setsid) and exit once it listens
                -r, --enable-coredumps    accepted and ignored: raise the JVM's limit with ulimit -c
                -u, --user=<user>         accepted and ignored: the JVM cannot change its identity;
                                          start it as the user it should run as
                -m, --memory-limit=<num>  item memory in megabytes (default: %d)
                -c, --conn-limit=<num>    max simultaneous connections (default: %d)
                -k, --lock-memory         accepted and ignored: Java cannot lock the JVM's memory
                -v, --verbose             verbose (print errors/warnings while in event loop)
                -vv                       very verbose (also print client commands/responses)
                -vvv                      extremely verbose (internal state transitions)
                -h, --help                print this help and exit
                -V, --version             print version and exit
                -P, --pidfile=<file>      save PID in <file> while the server runs (with or without -d)
                -f, --slab-growth-factor=<num> accepted and ignored: memjcache has no slab allocator
                -n, --slab-min-size=<bytes> accepted and ignored: memjcache has no slab allocator
                -L, --enable-largepages   accepted and ignored: start the JVM with -XX:+UseLargePages
                -t, --threads=<num>       number of threads to use (default: %d)
                -R, --max-reqs-per-event  maximum number of requests per event, limits the
                                          requests processed per connection to prevent
                                          starvation (default: %d)
                -b, --listen-backlog=<num> set the backlog queue limit (default: %d)
                -I, --max-item-size=<num> adjusts max item size
                                          (default: %s, min: 1k, max: 1024m)
                -B, --protocol=<name>     protocol - one of ascii, binary, or auto (default: auto)
                -S, --enable-sasl         require SASL PLAIN authentication (binary protocol only);
                                          users come from the user:password file named by
                                          MEMCACHED_SASL_PWDB, read again when it changes or on SIGHUP
                -F, --disable-flush-all   disable flush_all command
                -X, --disable-dumping     disable stats cachedump and lru_crawler metadump
                -W, --disable-watch       disable watch commands (live logging)
                -Y, --auth-file=<file>    (EXPERIMENTAL) enable ASCII protocol authentication. format:
                                          user:pass\\nuser2:pass2\\n (read again on SIGHUP)
                -Z, --enable-ssl          enable TLS/SSL
                -o, --extended            comma separated list of extended options:
                   - no_lru_crawler:      disable LRU Crawler background thread (and metadump
                                          until "lru_crawler enable")
                   - maxconns_fast, modern: what memjcache does anyway
                   - memcached 1.6.18's tuning options are accepted and ignored with a warning
                   - ssl_chain_cert:      certificate chain file in PEM format
                   - ssl_key:             private key, unencrypted PEM (PKCS#8, or PKCS#1 RSA)
                   - ssl_verify_mode:     peer certificate verification mode, default is 0(None).
                                          valid values are 0(None), 1(Request), 2(Require)
                                          or 3(Once)
                   - ssl_ca_cert:         PEM format file of acceptable client CA's
                   - ssl_min_version:     minimum protocol version to accept (default: tlsv1.2)
                                          valid values are 0(tlsv1.0), 1(tlsv1.1), 2(tlsv1.2), or 3(tlsv1.3).
                -N, --napi_ids            accepted and ignored: for memcached's own event threads
                """.formatted(
                                defaults.port(),
                                defaults.listenAddress(),
                                defaults.memoryLimitBytes() / OptionSettings.BYTES_PER_MEGABYTE,
                                defaults.maxConnections(),
                                defaults.threads(),
                                defaults.requestsPerEvent(),
                                defaults.listenBacklog(),
                                OptionSettings.describeSize(defaults.maxItemSize()));
    }

    private static UsageException unexpectedArgument(String arg) {
        return new UsageException("unexpected argument '" + arg + "': memjcache takes only options");
    }
}
