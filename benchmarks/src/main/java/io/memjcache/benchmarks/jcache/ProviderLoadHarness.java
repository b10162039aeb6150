package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.process.ChildProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider-versus-peers load harness: every target ({@link Target}) through the same workload, each run in a
 * fresh child JVM, in alternating rounds (round 1 runs every target once, round 2 again, ...), so that the
 * machine's noise spreads over all of them. Writes every round's numbers (CSV, JSON), a Markdown summary with
 * medians, spreads and the ratios, and a chart into the output directory. Not thread-safe; one run at a
 * time.
 */
public final class ProviderLoadHarness {

    static final String USAGE = """
            Usage: ProviderLoadHarness [options]
              --rounds N            rounds over all targets (default 3)
              --phase-seconds S     length of each measured phase, fractions allowed (default 5)
              --warmup-seconds S    warm-up before each phase (default 2)
              --targets A,B,...     targets to run, in this order (default all: %s)
              --out DIR             output directory (default benchmarks/results/latest)
              --smoke               every target and workload for a fraction of a second, 1 round
              --help                this text
            Servers run on CPU 0 and each load JVM on CPU 1 (taskset); caches inside the load JVM
            (memjcache-embedded, caffeine, ehcache) get CPUs 0-1.
            """;

    private ProviderLoadHarness() {}

    /** The parsed command line. */
    record Options(int rounds, Duration phase, Duration warmUp, List<Target> targets, Path out, boolean smoke) {

        static Options parse(String... args) {
            int rounds = 3;
            Duration phase = Duration.ofSeconds(5);
            Duration warmUp = Duration.ofSeconds(2);
            List<Target> targets = Target.all();
            Path out = Path.of("benchmarks", "results", "latest");
            boolean smoke = false;
            boolean roundsGiven = false;
            boolean phaseGiven = false;
            boolean warmUpGiven = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--smoke" -> smoke = true;
                    case "--rounds" -> {
                        rounds = Integer.parseInt(value(args, ++i, arg));
                        roundsGiven = true;
                        if (rounds < 1) {
                            throw new IllegalArgumentException("--rounds must be at least 1");
                        }
                    }
                    case "--phase-seconds" -> {
                        phase = seconds(value(args, ++i, arg), arg);
                        phaseGiven = true;
                    }
                    case "--warmup-seconds" -> {
                        warmUp = seconds(value(args, ++i, arg), arg);
                        warmUpGiven = true;
                    }
                    case "--targets" -> {
                        List<Target> chosen = new ArrayList<>();
                        for (String id : value(args, ++i, arg).split(",", -1)) {
                            chosen.add(Target.byId(id));
                        }
                        targets = List.copyOf(chosen);
                    }
                    case "--out" -> out = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            if (smoke) {
                rounds = roundsGiven ? rounds : 1;
                phase = phaseGiven ? phase : Duration.ofMillis(300);
                warmUp = warmUpGiven ? warmUp : Duration.ofMillis(100);
            }
            return new Options(rounds, phase, warmUp, targets, out, smoke);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static Duration seconds(String text, String option) {
            double seconds = Double.parseDouble(text);
            if (!(seconds > 0 && seconds <= 3600)) {
                throw new IllegalArgumentException(option + " must be above 0 and at most 3600, not " + text);
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.printf(USAGE, Target.ids(Target.all()));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.printf(USAGE, Target.ids(Target.all()));
            System.exit(2);
            return;
        }
        run(options, String.join(" ", args), System.out);
    }

    /** Runs every round and writes the output; returns the runs, including those that failed. */
    static List<RunOutput> run(Options options, String commandLine, PrintStream progress)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(options.out().resolve("logs"));
        List<RunOutput> runs = new ArrayList<>();
        String pinning;
        try (ChildProcesses processes = new ChildProcesses()) {
            pinning = processes.pinning()
                    ? "pinned with taskset: servers (memcached, redis-server, the Hazelcast member) on CPU "
                            + TargetLauncher.SERVER_CPUS + ", the load JVM on CPU " + TargetLauncher.LOAD_CPUS
                            + "; caches inside the load JVM (memjcache-embedded, caffeine, ehcache) on CPUs "
                            + TargetLauncher.IN_PROCESS_CPUS
                    : "not pinned: taskset is not on PATH";
            TargetLauncher launcher = new TargetLauncher(processes, options.phase(), options.warmUp(), logs);
            for (int round = 1; round <= options.rounds(); round++) {
                for (Target target : options.targets()) {
                    long started = System.nanoTime();
                    RunOutput run = launcher.run(round, target);
                    runs.add(run);
                    progress.printf(
                            "round %d %-20s %s (%.1f s)%n",
                            round,
                            target.id(),
                            run.error() == null
                                    ? run.metrics().size() + " numbers"
                                    : firstLine(String.valueOf(run.error())),
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        String header = "Command: `ProviderLoadHarness " + commandLine + "`, " + Instant.now() + "; "
                + options.rounds() + " round(s), phases of " + options.phase().toMillis() + " ms after "
                + options.warmUp().toMillis() + " ms of warm-up each; child JVMs: Java "
                + System.getProperty("java.version") + " " + String.join(" ", TargetLauncher.JVM_FLAGS) + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + pinning + ".\n"
                + "Every target uses the same `MutableConfiguration<String, String>` (store-by-value, eternal).\n";
        String summary = ProviderSummary.render(runs, header);
        ProviderOutput.write(options.out(), runs, summary);
        progress.println(summary);
        progress.println("Written to " + options.out().toAbsolutePath());
        return runs;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
