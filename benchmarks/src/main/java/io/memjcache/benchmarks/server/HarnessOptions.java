package io.memjcache.benchmarks.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link ServerLoadHarness}, parsed. {@code --smoke} first sets short defaults; options given
 * explicitly win over them wherever they stand. Not thread-safe while parsing; read-only afterwards.
 */
final class HarnessOptions {

    static final List<String> ALL_PARTS = List.of("load", "memory", "connect", "startup");

    static final String HELP = String.join(
            "\n",
            "Usage: ServerLoadHarness [options]",
            "",
            "Runs the bundled memcached-compatible server (target memjcache) against Debian's memcached (target",
            "memcached) in one run, alternating rounds A B A B, and writes server-rounds.csv, server-rounds.json,",
            "server-summary.md and PNG charts into --out. Both servers get the same flags (-p <free port>",
            "-l 127.0.0.1 -t 4 -m 1024), pinned with taskset to --server-cpu; load generators run on --client-cpu.",
            "",
            "Parts (--parts, comma-separated; default all):",
            "  load     memtier_benchmark, each case with both servers started fresh: 100B-p1 and 100B-p16 (100 B",
            "           values, 1:9 set:get, 100k random keys, -t 1 -c 50, pipeline 1 / 16), 4KB-p1, 4KB-p16, and churn",
            "           (-m 64, 1000 B values, random keys over about 4x the capacity, 1:1 set:get, the cache filled",
            "           before measuring, peak RSS sampled). Keys are loaded once per case before the warm-up (the",
            "           cache holds them all except in churn); each server gets one warm-up phase before its rounds.",
            "  memory   each round: both servers started fresh with -m 1024, --items items of 100 B with 14-byte keys",
            "           loaded, then VmRSS and VmHWM from /proc/<pid>/status.",
            "  connect  connect-to-first-reply over short-lived connections (connect, set, read STORED, close), and",
            "           the time until a long-lived connection sees the value; --connect-samples per round, measured",
            "           by a child JVM pinned to --client-cpu, HdrHistogram p50/p90/p99/max.",
            "  startup  --startup-samples fresh child JVMs on this classpath, each timing the embedded default's",
            "           first getCacheManager() + createCache + put, and the process wall time.",
            "",
            "Options:",
            "  --parts LIST           parts to run (load,memory,connect,startup)",
            "  --rounds N             rounds per target and case (default 3)",
            "  --phase SECONDS        measured phase length of a load round (default 10)",
            "  --warmup SECONDS       warm-up phase per server and load case, 0 for none (default: --phase)",
            "  --protocol NAME        memcache_text (default) or memcache_binary",
            "  --out DIR              output directory (default benchmarks/results/latest)",
            "  --memcached PATH       memcached binary (default: memcached on PATH)",
            "  --memjcache-cmd CMD    start command of the bundled server, split at spaces; the harness appends",
            "                         the flags (default: the launcher server/bin/memjcache-server, which runs",
            "                         server/target/memjcache-server.jar; looked up from the working directory",
            "                         and its parent)",
            "  --memtier PATH         memtier_benchmark (default: $MEMTIER_BENCHMARK, then PATH); without it the",
            "                         load part and the churn peak are reported as skipped",
            "  --server-cpu N         CPU of the servers (default 0)",
            "  --client-cpu N         CPU of memtier and the connect probe (default 1)",
            "  --items N              items loaded by the memory part (default 1000000)",
            "  --keys N               key space of the load cases except churn (default 100000)",
            "  --connect-samples N    samples per connect round (default 3000)",
            "  --startup-samples N    startup samples (default 5)",
            "  --smoke                a quick check that everything runs: 1 round, 1 s phases without warm-up, 20k",
            "                         items, 10k keys, churn at -m 8, 200 connect samples, 2 startup samples",
            "  --help                 this text",
            "");

    List<String> parts = ALL_PARTS;
    int rounds = 3;
    int phaseSeconds = 10;
    int warmupSeconds = -1;
    String protocol = "memcache_text";
    Path out = Path.of("benchmarks", "results", "latest");
    String memcached = "memcached";

    @Nullable
    List<String> memjcacheCommand;

    @Nullable
    Path memtier;

    int serverCpu = 0;
    int clientCpu = 1;
    int items = 1_000_000;
    int keys = 100_000;
    int churnMemoryMb = 64;
    int connectSamples = 3000;
    int startupSamples = 5;
    boolean smoke;
    boolean help;

    /** @throws IllegalArgumentException for an unknown option or a bad value */
    static HarnessOptions parse(String[] args, Map<String, String> environment) {
        HarnessOptions options = new HarnessOptions();
        if (Arrays.asList(args).contains("--smoke")) {
            options.smoke = true;
            options.rounds = 1;
            options.phaseSeconds = 1;
            options.warmupSeconds = 0;
            options.items = 20_000;
            options.keys = 10_000;
            options.churnMemoryMb = 8;
            options.connectSamples = 200;
            options.startupSamples = 2;
        }
        options.memtier = locateMemtier(environment);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--smoke" -> {}
                case "--help", "-h" -> options.help = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("unknown option or missing value: " + option);
                    }
                    options.set(option, args[++i]);
                }
            }
        }
        if (options.warmupSeconds < 0) {
            options.warmupSeconds = options.phaseSeconds;
        }
        return options;
    }

    private void set(String option, String value) {
        switch (option) {
            case "--parts" -> {
                List<String> chosen = List.of(value.toLowerCase(Locale.ROOT).split(",", -1));
                if (!Set.copyOf(ALL_PARTS).containsAll(chosen)) {
                    throw new IllegalArgumentException("--parts takes " + ALL_PARTS + ": " + value);
                }
                parts = chosen;
            }
            case "--rounds" -> rounds = positive(option, value);
            case "--phase" -> phaseSeconds = positive(option, value);
            case "--warmup" -> warmupSeconds = Integer.parseInt(value);
            case "--protocol" -> {
                if (!value.equals("memcache_text") && !value.equals("memcache_binary")) {
                    throw new IllegalArgumentException("--protocol takes memcache_text or memcache_binary");
                }
                protocol = value;
            }
            case "--out" -> out = Path.of(value);
            case "--memcached" -> memcached = value;
            case "--memjcache-cmd" -> memjcacheCommand = List.of(value.trim().split("\\s+", 0));
            case "--memtier" -> memtier = Path.of(value);
            case "--server-cpu" -> serverCpu = Integer.parseInt(value);
            case "--client-cpu" -> clientCpu = Integer.parseInt(value);
            case "--items" -> items = positive(option, value);
            case "--keys" -> keys = positive(option, value);
            case "--connect-samples" -> connectSamples = positive(option, value);
            case "--startup-samples" -> startupSamples = positive(option, value);
            default -> throw new IllegalArgumentException("unknown option: " + option);
        }
    }

    /** The server's launcher script, relative to the server module. */
    private static final Path LAUNCHER = Path.of("bin", "memjcache-server");

    /** @return the bundled server's start command, without the flags the harness appends */
    List<String> memjcacheCommand() {
        if (memjcacheCommand != null) {
            return memjcacheCommand;
        }
        // The launcher, as an operator starts the server: it sizes the JVM from -m and -I and runs the jar of
        // server/target beside it.
        Path server = module("server", LAUNCHER);
        Path jar = server.resolve(Path.of("target", "memjcache-server.jar"));
        if (!Files.isRegularFile(server.resolve(LAUNCHER)) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " or its launcher not found: build it with"
                    + " mvn -pl server -am package -DskipTests, or name a start command with --memjcache-cmd");
        }
        return List.of(server.resolve(LAUNCHER).toString());
    }

    /**
     * @param name a module of this repository
     * @param inside a file the module has
     * @return the module's directory, looked up from the working directory: the repository root or a module
     */
    static Path module(String name, Path inside) {
        Path module = Path.of(name);
        if (!Files.exists(module.resolve(inside))
                && Files.exists(Path.of("..").resolve(module).resolve(inside))) {
            module = Path.of("..").resolve(module);
        }
        return module;
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    /** @return the java launcher of the running JVM, so child JVMs are of the same version */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static @Nullable Path locateMemtier(Map<String, String> environment) {
        String configured = environment.get("MEMTIER_BENCHMARK");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return onPath("memtier_benchmark", environment);
    }

    /** @return the executable of that name on the PATH of the environment, or null */
    static @Nullable Path onPath(String name, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator, 0)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1: " + value);
        }
        return n;
    }
}
