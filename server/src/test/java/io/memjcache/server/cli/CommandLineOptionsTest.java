package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.Protocol;
import io.memjcache.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** memcached's flags, defaults and getopt_long forms, and the one-line errors for bad command lines. */
class CommandLineOptionsTest {

    private static final long MEGABYTE = 1024L * 1024;

    private static ServerConfig config(String... args) throws CommandLineOptions.UsageException {
        CommandLineOptions options = CommandLineOptions.parse(args);
        assertEquals(CommandLineOptions.Action.RUN, options.action());
        return options.config();
    }

    private static String error(String... args) {
        return assertThrows(CommandLineOptions.UsageException.class, () -> CommandLineOptions.parse(args))
                .getMessage();
    }

    private static String[] split(String commandLine) {
        return commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
    }

    @Test
    void noArgumentsGiveMemcachedDefaultsOnLoopback() throws Exception {
        ServerConfig config = config();
        assertAll(
                () -> assertEquals(11211, config.port()),
                () -> assertEquals("127.0.0.1", config.listenAddress()),
                () -> assertEquals(64 * MEGABYTE, config.memoryLimitBytes()),
                () -> assertEquals(1024, config.maxConnections()),
                () -> assertEquals(4, config.threads()),
                () -> assertEquals(1024 * 1024, config.maxItemSize()),
                () -> assertEquals(0, config.verbosity()),
                () -> assertFalse(config.shutdownEnabled()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-p 12345",
                "-p12345",
                "--port=12345",
                "--port 12345",
                "--po=12345",
                "--por 12345",
                "-p 1 -p 12345",
                "-vp 12345",
                "-Ap12345"
            })
    void portIsReadInEveryGetoptForm(String commandLine) throws Exception {
        assertEquals(12345, config(split(commandLine)).port());
    }

    @ParameterizedTest
    @CsvSource({"-l 0.0.0.0, 0.0.0.0", "--listen=::1, ::1", "-l [::1], ::1", "-llocalhost, localhost"})
    void listenAddressIsTakenAsGiven(String commandLine, String expected) throws Exception {
        assertEquals(expected, config(split(commandLine)).listenAddress());
    }

    @Test
    void eachValueFlagSetsItsSetting() throws Exception {
        ServerConfig config = config("-m", "128", "--conn-limit=10", "-t2", "--max-item-size", "2m", "-A");
        assertAll(
                () -> assertEquals(128 * MEGABYTE, config.memoryLimitBytes()),
                () -> assertEquals(10, config.maxConnections()),
                () -> assertEquals(2, config.threads()),
                () -> assertEquals(2 * 1024 * 1024, config.maxItemSize()),
                () -> assertTrue(config.shutdownEnabled()));
    }

    @ParameterizedTest
    @CsvSource({"1k, 1024", "512K, 524288", "1048576, 1048576", "3M, 3145728", "1024, 1024"})
    void itemSizeTakesMemcachedSuffixes(String value, int bytes) throws Exception {
        assertEquals(bytes, config("-I", value).maxItemSize());
    }

    @Test
    void itemSizeMayBeOneGigabyteWithEnoughMemory() throws Exception {
        assertEquals(1024 * 1024 * 1024, config("-m", "2048", "-I", "1024m").maxItemSize());
    }

    @Test
    void itemSizeMayBeExactlyHalfTheMemory() throws Exception {
        assertEquals(MEGABYTE, config("-m", "2", "-I", "1m").maxItemSize());
    }

    @ParameterizedTest
    @CsvSource({"'', 0", "-v, 1", "-vv, 2", "-v -v, 2", "--verbose --verbose, 2", "-vvv, 3", "-vvvv, 3"})
    void verbosityCountsTheVs(String commandLine, int expected) throws Exception {
        assertEquals(expected, config(split(commandLine)).verbosity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-U 0", "-U0", "--udp-port=0", "-u root", "--user=nobody", "-u nobody -U 0 --"})
    void udpOffAndUserAreAcceptedAndChangeNothing(String commandLine) throws Exception {
        assertEquals(config().toString(), config(split(commandLine)).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-U 11311", "-U11311", "--udp-port=11311"})
    void udpPortIsTaken(String commandLine) throws Exception {
        assertEquals(11311, config(split(commandLine)).udpPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-W", "--disable-watch"})
    void watchCanBeDisabled(String commandLine) throws Exception {
        assertEquals(true, config().watchEnabled());
        assertEquals(false, config(split(commandLine)).watchEnabled());
    }

    @ParameterizedTest
    @CsvSource({
        "-h, HELP",
        "--help, HELP",
        "--he, HELP",
        "-V, VERSION",
        "--version, VERSION",
        "-p 1 -h, HELP",
        "-vV, VERSION",
        "-h --bogus, HELP"
    })
    void helpAndVersionEndParsing(String commandLine, CommandLineOptions.Action expected) throws Exception {
        CommandLineOptions options = CommandLineOptions.parse(split(commandLine));
        assertEquals(expected, options.action());
        assertThrows(IllegalStateException.class, options::config);
    }

    @Test
    void optionsBeforeHelpAreStillChecked() {
        assertEquals("unrecognized option '--bogus'", error("--bogus", "-h"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--bogus                | unrecognized option '--bogus'",
                "-x                     | invalid option -- 'x'",
                "-vx                    | invalid option -- 'x'",
                "-p                     | option requires an argument -- 'p'",
                "--port                 | option '--port' requires an argument",
                "--help=yes             | option '--help' doesn't allow an argument",
                "--u=1                  | option '--u=1' is ambiguous; possibilities: '--udp-port' '--user'",
                "-B bogus               | invalid value 'bogus' for -B: should be one of auto, binary, or ascii",
                "-S                     | -S needs the SASL users: set MEMCACHED_SASL_PWDB to a file of user:password lines",
                "-p abc                 | invalid value 'abc' for -p: expected a TCP port from 0 to 65535",
                "--port=65536           | invalid value '65536' for --port: expected a TCP port from 0 to 65535",
                "-p -1                  | invalid value '-1' for -p: expected a TCP port from 0 to 65535",
                "-m 0                   | invalid value '0' for -m: expected a number of megabytes, at least 1",
                "-m 5x                  | invalid value '5x' for -m: expected a number of megabytes, at least 1",
                "-c 0                   | invalid value '0' for -c: expected a number of connections, at least 1",
                "-t 0                   | invalid value '0' for -t: expected a number of threads from 1 to 256",
                "-t 257                 | invalid value '257' for -t: expected a number of threads from 1 to 256",
                "-U 65536               | invalid value '65536' for -U: expected a UDP port from 0 to 65535",
                "-I 1023                | invalid value '1023' for -I: item max size cannot be less than 1024 bytes (1k)",
                "-m 4096 -I 1025m       | invalid value '1025m' for -I: cannot set item size limit higher than a gigabyte (1024m)",
                "-I 2g                  | invalid value '2g' for -I: expected a size in bytes, or with a k or m suffix (like 512k or 2m)",
                "-m 1                   | cannot set item size limit higher than 1/2 of memory max: -I 1m with -m 1 (megabytes)",
                "-m 4 --max-item-size=3m | cannot set item size limit higher than 1/2 of memory max: --max-item-size 3m with -m 4 (megabytes)",
                "-l a,                  | invalid value 'a,' for -l: listenAddress must not be blank",
                "-l a:x                 | invalid value 'a:x' for -l: expected a TCP port from 0 to 65535 after a",
                "-l [::1                | invalid value '[::1' for -l: unclosed [ in [::1",
                "-l notls:a:1           | 'notls' option is valid only when SSL is enabled",
                "--enable-ssl           | -Z needs the server's certificate chain: -o ssl_chain_cert=<file>",
                "-Z -o ssl_chain_cert=c | -Z needs the server's private key: -o ssl_key=<file>",
                "-o ssl_verify_mode=4   | invalid value 'ssl_verify_mode=4' for -o: Invalid ssl_verify_mode. Use help to see valid options.",
                "-o ssl_min_version=x   | invalid value 'ssl_min_version=x' for -o: Invalid ssl_min_version. Use help to see valid options.",
                "-o ssl_key=            | invalid value 'ssl_key=' for -o: expected a file name",
                "--p 1                  | option '--p' is ambiguous; possibilities: '--port' '--pidfile' '--protocol'",
                "-M                     | memcached's option -M (--disable-evictions) is not supported: memjcache always evicts the least recently used items when memory is full",
                "--unix-socket=/tmp/s   | memcached's option --unix-socket (-s) is not supported: memjcache listens on TCP only; use -l and -p",
                "-R 0                   | invalid value '0' for -R: expected a number of requests, at least 1",
                "-b x                   | invalid value 'x' for -b: expected a number of connections, at least 1",
                "-f 1                   | invalid value '1' for -f: factor must be greater than 1",
                "-n 0                   | invalid value '0' for -n: expected a chunk size greater than 0",
                "-o hashpower           | missing argument for -o hashpower",
                "-o hash_algorithm=md5  | invalid value 'md5' for -o hash_algorithm: expected jenkins, murmur3 or xxh3",
                "-o tail_repair_time=9  | invalid value '9' for -o tail_repair_time: cannot set tail_repair_time to less than 10 seconds",
                "-o idle_timeout=5      | memcached's option -o idle_timeout is not supported: memjcache does not close idle connections",
                "-o modern,no_maxconns_fast | memcached's option -o no_maxconns_fast is not supported: memjcache always refuses connections over the limit at once",
                "-o ext_path=/tmp/x:64m | memcached's option -o ext_path is not supported: memjcache has no external storage (extstore)",
                "-o ssl_ciphers=x       | memcached's option -o ssl_ciphers is not supported",
                "11211                  | unexpected argument '11211': memjcache takes only options",
                "-- -p                  | unexpected argument '-p': memjcache takes only options"
            })
    void badCommandLinesNameTheFlagAndValue(String commandLine, String expected) {
        assertEquals(expected, error(split(commandLine.strip())));
    }

    @ParameterizedTest
    @CsvSource({"'', AUTO", "-B auto, AUTO", "-B ascii, ASCII", "--protocol=binary, BINARY", "-Bbinary, BINARY"})
    void protocolIsChosenWithB(String commandLine, Protocol expected) throws Exception {
        assertEquals(expected, config(split(commandLine)).protocol());
    }

    @Test
    void saslTakesItsUsersFromTheEnvironmentAndMeansBinary() throws Exception {
        Map<String, String> environment = Map.of("MEMCACHED_SASL_PWDB", "/etc/memcached.pwdb");
        for (String[] args : new String[][] {{"-S"}, {"--enable-sasl", "-B", "binary"}, {"-B", "binary", "-S"}}) {
            ServerConfig config = CommandLineOptions.parse(environment, args).config();
            assertEquals(Optional.of(Path.of("/etc/memcached.pwdb")), config.saslPasswordFile());
            assertEquals(Protocol.BINARY, config.protocol());
        }
        assertEquals(Optional.empty(), config().saslPasswordFile());
        for (String[] args : new String[][] {{"-S", "-B", "ascii"}, {"-B", "auto", "-S"}}) {
            assertEquals(
                    "you cannot allow the ASCII protocol while using SASL (-S needs -B binary)",
                    assertThrows(
                                    CommandLineOptions.UsageException.class,
                                    () -> CommandLineOptions.parse(environment, args))
                            .getMessage());
        }
    }

    @Test
    void requestsPerEventAndBacklogAreSet() throws Exception {
        ServerConfig config = config("-R", "1", "--listen-backlog=16");
        assertAll(
                () -> assertEquals(1, config.requestsPerEvent()),
                () -> assertEquals(16, config.listenBacklog()),
                () -> assertEquals(20, config().requestsPerEvent(), "memcached's default"),
                () -> assertEquals(1024, config().listenBacklog(), "memcached's default"));
    }

    @Test
    void flushDumpingAndTheCrawlerCanBeTurnedOff() throws Exception {
        ServerConfig off = config("-F", "-X", "-o", "no_lru_crawler");
        ServerConfig on = config();
        assertAll(
                () -> assertFalse(off.flushEnabled()),
                () -> assertFalse(off.dumpEnabled()),
                () -> assertFalse(off.lruCrawler()),
                () -> assertTrue(on.flushEnabled() && on.dumpEnabled() && on.lruCrawler(), "memcached's defaults"),
                () -> assertTrue(config("-o", "no_lru_crawler,lru_crawler").lruCrawler(), "the last one wins"));
    }

    @Test
    void daemonAndPidFileAreRead() throws Exception {
        CommandLineOptions options = CommandLineOptions.parse("-d", "-P", "/run/memjcache.pid");
        CommandLineOptions plain = CommandLineOptions.parse();
        assertAll(
                () -> assertTrue(options.daemon()),
                () -> assertEquals(Path.of("/run/memjcache.pid"), options.pidFile()),
                () -> assertFalse(plain.daemon()),
                () -> assertNull(plain.pidFile()),
                () -> assertEquals("invalid value '' for --pidfile: expected a file name", error("--pidfile=")));
    }

    @Test
    void tuningAJvmCannotApplyIsAcceptedWithOneWarningEach() throws Exception {
        CommandLineOptions options = CommandLineOptions.parse(
                "-L", "-r", "-k", "-f", "1.5", "-n", "96", "-N", "2", "-o", "hashpower=20,modern,slab_reassign");
        List<String> warnings = options.warnings();
        assertAll(
                () -> assertEquals(8, warnings.size(), warnings::toString),
                () -> assertEquals(
                        "-L ignored: large pages are the JVM's to use: start it with -XX:+UseLargePages",
                        warnings.get(0)),
                () -> assertEquals(
                        "-f 1.5 ignored: it tunes memcached's slab allocator, which memjcache does not have",
                        warnings.get(3)),
                () -> assertEquals(
                        "-o hashpower=20 ignored: it tunes the initial size of memcached's hash table, which memjcache"
                                + " does not have",
                        warnings.get(6)),
                () -> assertTrue(warnings.get(7).startsWith("-o slab_reassign ignored: "), warnings::toString),
                () -> assertTrue(warnings.stream().noneMatch(w -> w.contains("\n")), "one line each"),
                () -> assertEquals(
                        ServerConfig.defaults().toString(), options.config().toString()));
    }

    @Test
    void unknownExtendedOptionsGetMemcachedsMessage() {
        assertAll(
                () -> assertEquals("Illegal suboption \"bogus\"", error("-o", "bogus")),
                () -> assertEquals("Illegal suboption \"modern=1\"", error("-o", "modern=1")));
    }

    @Test
    void whatMemjcacheDoesAnywayIsAcceptedSilently() throws Exception {
        assertEquals(
                List.of(),
                CommandLineOptions.parse("-o", "maxconns_fast,lru_crawler,modern")
                        .warnings());
    }

    @Test
    void emptyValuesAreRejected() {
        assertAll(
                () -> assertEquals(
                        "invalid value '' for --port: expected a TCP port from 0 to 65535", error("--port=")),
                () -> assertEquals("invalid value '' for -l: listenAddress must not be blank", error("-l", "")));
    }

    @Test
    void helpListsEveryAcceptedFlagWithTheDefaults() {
        String help = CommandLineOptions.helpText("memjcache 9.9 (memcached 1.6.18 compatible)");
        List<String> flags = List.of(
                "-p, --port=<num>",
                "-U, --udp-port=<num>",
                "-A, --enable-shutdown",
                "-W, --disable-watch",
                "-l, --listen=<addr>",
                "-u, --user=<user>",
                "-m, --memory-limit=<num>",
                "-c, --conn-limit=<num>",
                "-v, --verbose",
                "-vv ",
                "-vvv ",
                "-h, --help",
                "-V, --version",
                "-t, --threads=<num>",
                "-I, --max-item-size=<num>",
                "-Y, --auth-file=<file>",
                "-Z, --enable-ssl",
                "-d, --daemon",
                "-P, --pidfile=<file>",
                "-R, --max-reqs-per-event",
                "-b, --listen-backlog=<num>",
                "-o, --extended",
                "-L, --enable-largepages",
                "-r, --enable-coredumps",
                "-k, --lock-memory",
                "-f, --slab-growth-factor=<num>",
                "-n, --slab-min-size=<bytes>",
                "-N, --napi_ids",
                "-F, --disable-flush-all",
                "-X, --disable-dumping",
                "-B, --protocol=<name>",
                "-S, --enable-sasl");
        assertAll(
                () -> assertTrue(help.startsWith("memjcache 9.9 (memcached 1.6.18 compatible)\n-p, --port"), help),
                () -> assertTrue(help.endsWith("\n"), help),
                () -> assertTrue(flags.stream().allMatch(help::contains), help),
                () -> assertTrue(help.contains("(default: 11211)"), help),
                () -> assertTrue(help.contains("(default: 127.0.0.1)"), help),
                () -> assertTrue(help.contains("(default: 64)"), help),
                () -> assertTrue(help.contains("(default: 1024)"), help),
                () -> assertTrue(help.contains("(default: 4)"), help),
                () -> assertTrue(help.contains("starvation (default: 20)"), help),
                () -> assertTrue(help.contains("(default: 1m, min: 1k, max: 1024m)"), help));
    }

    @Test
    void everyFlagInTheHelpIsAccepted() throws Exception {
        assertEquals(
                CommandLineOptions.Action.RUN,
                CommandLineOptions.parse(
                                "--port=1",
                                "--udp-port=0",
                                "--enable-shutdown",
                                "--listen=::1",
                                "--user=x",
                                "--memory-limit=8",
                                "--conn-limit=2",
                                "--verbose",
                                "--threads=1",
                                "--max-item-size=1k",
                                "--auth-file=users",
                                "--enable-ssl",
                                "--extended=ssl_chain_cert=c.pem,ssl_key=k.pem",
                                "--daemon",
                                "--pidfile=x.pid",
                                "--max-reqs-per-event=1",
                                "--listen-backlog=1",
                                "--extended=modern",
                                "--enable-largepages",
                                "--enable-coredumps",
                                "--lock-memory",
                                "--slab-growth-factor=2",
                                "--slab-min-size=48",
                                "--napi_ids=1",
                                "--disable-flush-all",
                                "--disable-dumping")
                        .action());
    }

    @Test
    void versionLineNamesTheProjectVersionOrDev() {
        assertAll(
                () -> assertEquals(
                        "memjcache 1.2.3 (memcached 1.6.18 compatible)", CommandLineOptions.versionLine("1.2.3")),
                () -> assertEquals(
                        "memjcache dev (memcached 1.6.18 compatible)", CommandLineOptions.versionLine(null)));
    }
}
