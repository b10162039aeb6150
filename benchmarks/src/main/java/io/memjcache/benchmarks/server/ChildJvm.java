package io.memjcache.benchmarks.server;

import io.memjcache.benchmarks.process.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this module in a fresh JVM, on the harness's own class path unless told another, optionally
 * pinned to a CPU, and returns what it printed. Stateless apart from the tracked process; not thread-safe.
 */
final class ChildJvm {

    /**
     * What the child printed and how long it ran.
     *
     * @param lines its standard output, line by line
     * @param wallNanos from just before the process was started until it exited
     */
    record Output(List<String> lines, long wallNanos) {}

    private ChildJvm() {}

    /**
     * @param cpu the CPU to pin the JVM to, or -1 for none
     * @throws IOException if it fails, exits non-zero or takes longer than the timeout
     */
    static Output run(ChildProcesses children, int cpu, Class<?> main, List<String> args, int timeoutSeconds)
            throws IOException {
        return run(children, cpu, System.getProperty("java.class.path"), main, args, timeoutSeconds);
    }

    /**
     * @param classPath the child's class path
     * @see #run(ChildProcesses, int, Class, List, int)
     */
    static Output run(
            ChildProcesses children, int cpu, String classPath, Class<?> main, List<String> args, int timeoutSeconds)
            throws IOException {
        List<String> command = new ArrayList<>(ServerProcess.pin(cpu));
        command.addAll(List.of(HarnessOptions.javaBinary(), "-cp", classPath, main.getName()));
        command.addAll(args);
        long start = System.nanoTime();
        Process process = children.start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT));
        try {
            // The children print a few lines; reading them to the end before waiting cannot block on a full pipe.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException(main.getSimpleName() + " did not finish within " + timeoutSeconds + " s");
            }
            long wall = System.nanoTime() - start;
            if (process.exitValue() != 0) {
                throw new IOException(main.getSimpleName() + " exited with " + process.exitValue() + ": " + output);
            }
            return new Output(output.lines().toList(), wall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            children.end(process);
        }
    }
}
