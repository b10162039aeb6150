package io.memjcache.server.compat;

import io.memjcache.server.testsupport.ServerUnderTest;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Runs one script against an expected and an actual server, each freshly started, and compares the answers.
 *
 * <p>Both servers start with the script's {@link ServerOptions}. Fresh servers per script, rather than one pair
 * for all scripts, because scripts change server-wide state that {@code flush_all} does not undo
 * ({@code cache_memlimit}, {@code verbosity}, a pending delayed {@code flush_all}, the CAS counter, statistics,
 * a shutdown).
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
final class ScriptPair {

    private ScriptPair() {}

    /** Plays the script on both servers and fails on any difference after normalisation. */
    static void assertSameAnswers(
            ProtocolScript script,
            Function<ServerOptions, ServerUnderTest> expectedServer,
            Function<ServerOptions, ServerUnderTest> actualServer)
            throws IOException {
        List<ScriptRunner.StepResult> expected;
        String expectedName;
        try (ServerUnderTest server = expectedServer.apply(script.options())) {
            expectedName = server.name();
            expected = new ScriptRunner(server.address()).run(script);
        }
        requireNoHarnessProblems(script, expectedName, expected);
        List<ScriptRunner.StepResult> actual;
        String actualName;
        try (ServerUnderTest server = actualServer.apply(script.options())) {
            actualName = server.name();
            actual = new ScriptRunner(server.address()).run(script);
        }
        if (actualName.equals(expectedName)) {
            actualName = actualName + " (second instance)";
        }
        TranscriptComparison.assertSame(script, expectedName, expected, actualName, actual);
    }

    /**
     * The expected server is the referee: if the harness could not get a complete answer from it, the script
     * itself is wrong (a step that leaves a command unfinished swallows the sentinel), not the server compared.
     */
    private static void requireNoHarnessProblems(
            ProtocolScript script, String serverName, List<ScriptRunner.StepResult> results) {
        String problems = results.stream()
                .filter(r -> !r.problems().isEmpty())
                .map(r -> r.step().describe() + ": " + r.problems())
                .collect(Collectors.joining("\n  "));
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("script " + script.name() + " is broken: the harness could not run it"
                    + " against " + serverName + ":\n  " + problems);
        }
    }
}
