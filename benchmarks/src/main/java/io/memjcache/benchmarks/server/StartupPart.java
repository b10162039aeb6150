package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import io.memjcache.benchmarks.report.ResultRow;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Startup of the embedded default: {@code --startup-samples} fresh child JVMs running {@link StartupProbe}, each a
 * round of target {@code memjcache-embedded}; the time measured inside the child and the process wall time (JVM
 * start to exit). Not thread-safe.
 *
 * @param options the harness options
 * @param children where started processes are tracked
 * @param rows where measured rounds are added
 */
record StartupPart(HarnessOptions options, ChildProcesses children, List<ResultRow> rows) {

    static final String PART = "startup";
    static final String CASE = "embedded-first-use";
    static final String TARGET = "memjcache-embedded";
    static final String WALL_MS = "wall_ms";

    void run() throws IOException {
        String classPath = probeClassPath();
        for (int sample = 1; sample <= options.startupSamples; sample++) {
            ChildJvm.Output output = ChildJvm.run(children, -1, classPath, StartupProbe.class, List.of(), 120);
            String prefix = "RESULT " + StartupProbe.FIRST_USE_MS + "=";
            String line = output.lines().stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new IOException("StartupProbe printed no result: " + output.lines()));
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(StartupProbe.FIRST_USE_MS, Double.parseDouble(line.substring(prefix.length())));
            metrics.put(WALL_MS, output.wallNanos() / 1e6);
            System.out.printf("startup sample %d %s%n", sample, metrics);
            rows.add(new ResultRow(PART, CASE, TARGET, sample, metrics));
        }
    }

    /**
     * The class path an application using only memjcache has: the embedded module and its runtime dependencies (the
     * list its build writes), plus the probe class, copied out of this module. The harness's own class path carries
     * the peers' JCache providers too, and the first {@code Caching.getCachingProvider} loads every provider it
     * finds; that is used only when the embedded module's list is missing, and said so.
     */
    private String probeClassPath() throws IOException {
        Path embedded = HarnessOptions.module("embedded", RUNTIME_CLASSPATH);
        Path list = embedded.resolve(RUNTIME_CLASSPATH);
        if (!Files.isRegularFile(list)) {
            System.out.println("startup: " + list.toAbsolutePath() + " not found (build the embedded module with"
                    + " mvn package); the probe runs on the harness's class path, with the peers' providers");
            return System.getProperty("java.class.path");
        }
        Path probeDir = options.out.resolve("startup-probe");
        String resource = StartupProbe.class.getName().replace('.', '/') + ".class";
        Path probeClass = probeDir.resolve(resource);
        Files.createDirectories(Objects.requireNonNull(probeClass.getParent(), "the probe's package directory"));
        try (InputStream in = Objects.requireNonNull(
                StartupProbe.class.getClassLoader().getResourceAsStream(resource), "the probe's class file")) {
            Files.copy(in, probeClass, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("startup: the probe runs on the embedded module's runtime class path (" + list + ")");
        String dependencies = Files.readString(list, StandardCharsets.UTF_8).strip();
        return String.join(
                File.pathSeparator,
                probeDir.toAbsolutePath().toString(),
                embedded.resolve(Path.of("target", "classes")).toAbsolutePath().toString(),
                dependencies);
    }

    /** The list of the embedded module's runtime class path its build writes, relative to the module. */
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
}
