package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.process.ChildProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs one target once: a fresh server for it on a free port (memcached, redis-server or a Hazelcast member JVM,
 * pinned to CPU 0), then a fresh load JVM (on CPU 1, or CPUs 0-1 for caches in the load JVM) with the same flags for
 * every target and the harness's own class path, and collects its numbers. Both are stopped before it returns,
 * whatever happened. Not thread-safe: the harness runs one target at a time.
 */
final class TargetLauncher {

    /** The flags of every child JVM, load and Hazelcast member alike. */
    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    static final String SERVER_CPUS = "0";
    static final String LOAD_CPUS = "1";
    static final String IN_PROCESS_CPUS = "0-1";

    private static final Duration SERVER_START = Duration.ofSeconds(60);

    private final ChildProcesses processes;
    private final Duration phase;
    private final Duration warmUp;
    private final Path logs;

    TargetLauncher(ChildProcesses processes, Duration phase, Duration warmUp, Path logs) {
        this.processes = processes;
        this.phase = phase;
        this.warmUp = warmUp;
        this.logs = logs;
    }

    /** Why the target cannot run on this machine (its server binary is missing), or null if it can. */
    static @Nullable String missing(Target target) {
        String binary =
                switch (target.server()) {
                    case MEMCACHED -> "memcached";
                    case REDIS -> "redis-server";
                    case HAZELCAST, NONE -> null;
                };
        if (binary == null || ChildProcesses.onPath(binary) != null) {
            return null;
        }
        return binary + " is not on PATH";
    }

    RunOutput run(int round, Target target) throws InterruptedException {
        String missing = missing(target);
        if (missing != null) {
            return RunOutput.failed(round, target, "skipped: " + missing);
        }
        String name = "round" + round + "-" + target.id();
        @Nullable Process server = null;
        @Nullable Process load = null;
        try {
            int port = 0;
            if (!target.inProcess()) {
                port = ChildProcesses.freePort();
                Path serverLog = logs.resolve(name + "-server.log");
                server = processes.start(SERVER_CPUS, serverCommand(target.server(), port), serverLog);
                String marker = target.server() == Target.Server.HAZELCAST ? HazelcastMember.READY : null;
                ChildProcesses.awaitReady(server, port, marker, serverLog, SERVER_START);
            }
            Path loadLog = logs.resolve(name + "-load.log");
            List<String> command = java(TargetRunner.class.getName());
            command.add(target.id());
            command.add(Integer.toString(port));
            command.add(Long.toString(phase.toMillis()));
            command.add(Long.toString(warmUp.toMillis()));
            command.add(logs.resolve(name).toString());
            load = processes.start(target.inProcess() ? IN_PROCESS_CPUS : LOAD_CPUS, command, loadLog);
            if (!load.waitFor(budget(target).toMillis(), TimeUnit.MILLISECONDS)) {
                return RunOutput.failed(
                        round, target, "did not finish within " + budget(target).toSeconds() + " s");
            }
            Map<String, Double> metrics = RunOutput.parse(loadLog);
            if (load.exitValue() != 0) {
                return RunOutput.failed(
                        round,
                        target,
                        "load JVM exited with " + load.exitValue() + ":\n" + ChildProcesses.tail(loadLog));
            }
            return new RunOutput(round, target, metrics, null);
        } catch (IOException e) {
            return RunOutput.failed(round, target, e.toString());
        } finally {
            if (load != null) {
                processes.end(load);
            }
            if (server != null) {
                processes.end(server);
            }
        }
    }

    /** Generous: the phases, their warm-ups, and a minute for starting, loading and stopping. */
    private Duration budget(Target target) {
        int phases = target.jcache() ? 5 : 2;
        return phase.plus(warmUp).multipliedBy(phases).plusSeconds(90);
    }

    private List<String> serverCommand(Target.Server kind, int port) {
        return switch (kind) {
            case MEMCACHED ->
                new ArrayList<>(List.of(
                        "memcached",
                        "-u",
                        "nobody",
                        "-l",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-m",
                        "1024",
                        "-t",
                        "4"));
            case REDIS ->
                new ArrayList<>(List.of(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no"));
            case HAZELCAST -> {
                List<String> command = java(HazelcastMember.class.getName());
                command.add(Integer.toString(port));
                yield command;
            }
            case NONE -> throw new IllegalArgumentException("no server to start");
        };
    }

    private static List<String> java(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }
}
