package io.memjcache.server.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.ServerConfig;
import java.util.List;
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
                "--p 12345",
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
                "-l a,b                 | invalid value 'a,b' for -l: only one listen address is supported",
                "-l a -l b              | only one listen address is supported, but -l a and -l b were both given",
                "-d                     | memcached's option -d (--daemon) is not supported",
                "--enable-ssl           | memcached's option --enable-ssl (-Z) is not supported",
                "11211                  | unexpected argument '11211': memjcache takes only options",
                "-- -p                  | unexpected argument '-p': memjcache takes only options"
            })
    void badCommandLinesNameTheFlagAndValue(String commandLine, String expected) {
        assertEquals(expected, error(split(commandLine.strip())));
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
                "-I, --max-item-size=<num>");
        assertAll(
                () -> assertTrue(help.startsWith("memjcache 9.9 (memcached 1.6.18 compatible)\n-p, --port"), help),
                () -> assertTrue(help.endsWith("\n"), help),
                () -> assertTrue(flags.stream().allMatch(help::contains), help),
                () -> assertTrue(help.contains("(default: 11211)"), help),
                () -> assertTrue(help.contains("(default: 127.0.0.1)"), help),
                () -> assertTrue(help.contains("(default: 64)"), help),
                () -> assertTrue(help.contains("(default: 1024)"), help),
                () -> assertTrue(help.contains("(default: 4)"), help),
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
                                "--max-item-size=1k")
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
