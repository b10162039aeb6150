package io.memjcache.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ToolBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the Python scripts in {@code src/test/resources/clients} with Debian's {@code /usr/bin/python3}, whose
 * modules come from Debian packages (python3-binary-memcached, python3-pymemcache, python3-cryptography). A missing
 * module aborts the test with a visible message, except under CI, where it is a failure.
 *
 * <p>Stateless; thread-safe.
 */
final class PythonClient {

    private PythonClient() {}

    /**
     * Runs {@code script} with {@code args} and checks that it exits 0 after {@code expectedOks} lines starting
     * with {@code "ok "}.
     *
     * @param debianPackage the package that provides the script's module, named when it is missing
     * @return the script's output
     */
    static String runChecks(String script, String debianPackage, int expectedOks, String... args)
            throws IOException, InterruptedException {
        String output = run(script, debianPackage, args);
        assertEquals(
                expectedOks, output.lines().filter(l -> l.startsWith("ok ")).count(), output);
        return output;
    }

    /** Runs {@code script} with {@code args}, requires exit status 0 and returns its output. */
    static String run(String script, String debianPackage, String... args) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            python = ToolBinaries.require("python3", "python3");
        }
        List<String> command = new ArrayList<>(List.of(
                python.toString(),
                Path.of("src/test/resources/clients", script).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish: " + output);
        if (output.contains("ModuleNotFoundError")) {
            String message = script + " needs Debian's " + debianPackage + " package: " + output.strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; CI must provide it");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        assertEquals(0, process.exitValue(), script + " failed:\n" + output);
        return output;
    }
}
