package io.memjcache.server.capable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ServerUnderTest;
import io.memjcache.server.testsupport.ToolBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs libmemcached's conformance checker, {@code memccapable}, with both its suites (27 text-protocol and 27
 * binary-protocol tests) against the server and requires all 54 to pass; against the reference memcached too, which
 * proves the harness right.
 *
 * <p>memccapable prints each test's description padded to 40 columns on standard output, followed by
 * {@code [pass]} there, or by {@code [FAIL]} (and sometimes the server's unexpected answer) on standard error. The
 * two streams are captured separately, so a test is known to have failed when no {@code [pass]} or
 * {@code [skipped]} follows its description on standard output.
 *
 * <p>When memccapable is missing the test is aborted with a visible message, except under CI ({@code CI=true}),
 * where that is a failure. The binary is looked up as the system property {@code test.memccapable.binary},
 * then on {@code PATH}. Not thread-safe; each run owns its server. No method accepts or returns {@code null},
 * except the binary lookup, which answers {@code null} for "not found".
 */
class MemccapableTest {

    private static final long RUN_TIMEOUT_SECONDS = 60;
    private static final int DESCRIPTION_WIDTH = 40;
    /** memccapable's ASCII and binary suites have 27 tests each; any other count means a run or parse went wrong. */
    private static final int EXPECTED_TESTS = 54;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memjcache", "memcached"})
    void everyTestPasses(String serverName) throws Exception {
        Path binary = locateBinaryOrAbort();
        try (ServerUnderTest server = ServerUnderTest.named(serverName)) {
            Path out = Files.createTempFile("memccapable", ".out");
            Path err = Files.createTempFile("memccapable", ".err");
            try {
                // -t bounds each network wait, so one stuck test fails alone instead of eating the whole run.
                Process process = new ProcessBuilder(
                                binary.toString(),
                                "-t",
                                "5",
                                "-h",
                                server.address().getHostString(),
                                "-p",
                                Integer.toString(server.port()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                boolean finished = process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
                String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
                Map<String, String> outcomes = parseOutcomes(stdout);
                List<String> failed = new ArrayList<>();
                outcomes.forEach((test, outcome) -> {
                    if (!outcome.equals("pass")) {
                        failed.add(test + " [" + outcome + "]");
                    }
                });
                String transcript = "\nstdout:\n" + stdout + "\nstderr:\n" + truncate(stderr);
                assertTrue(
                        finished,
                        "memccapable did not finish within " + RUN_TIMEOUT_SECONDS + " s; failing so far: " + failed
                                + transcript);
                assertEquals(List.of(), failed, "memccapable tests that did not pass on " + serverName + transcript);
                assertEquals(EXPECTED_TESTS, outcomes.size(), "test results understood" + transcript);
                assertEquals(0, process.exitValue(), "memccapable exit status" + transcript);
                assertTrue(stdout.contains("All tests passed"), "memccapable's verdict" + transcript);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    /**
     * Maps each test's description to "pass", "skipped" or "FAIL", in the order run. Descriptions are fixed-width;
     * a failed test leaves its description alone on standard output, directly followed by the next one.
     */
    static Map<String, String> parseOutcomes(String stdout) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String line : stdout.split("\n", -1)) {
            int at = 0;
            while (at + DESCRIPTION_WIDTH <= line.length() && isDescription(line.substring(at))) {
                String description = line.substring(at, at + DESCRIPTION_WIDTH).strip();
                at += DESCRIPTION_WIDTH;
                if (line.startsWith("[pass]", at)) {
                    outcomes.put(description, "pass");
                    at += "[pass]".length();
                } else if (line.startsWith("[skipped]", at)) {
                    outcomes.put(description, "skipped");
                    at += "[skipped]".length();
                } else {
                    outcomes.put(description, "FAIL");
                }
            }
        }
        return outcomes;
    }

    private static boolean isDescription(String text) {
        return text.startsWith("ascii ") || text.startsWith("binary ");
    }

    private static String truncate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "...";
    }

    private static Path locateBinaryOrAbort() {
        return ToolBinaries.require("memccapable", "libmemcached-tools");
    }

    /** Keeps the parser honest: a failing run's real output shape, with failures between passes. */
    @Test
    void parserSeesFailuresBetweenPasses() {
        String pad = " ".repeat(DESCRIPTION_WIDTH);
        String stdout = ("ascii version" + pad).substring(0, DESCRIPTION_WIDTH) + "[pass]\n"
                + ("ascii quit" + pad).substring(0, DESCRIPTION_WIDTH)
                + ("ascii verbosity" + pad).substring(0, DESCRIPTION_WIDTH) + "[pass]\n"
                + ("ascii stat" + pad).substring(0, DESCRIPTION_WIDTH);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ascii version", "pass");
        expected.put("ascii quit", "FAIL");
        expected.put("ascii verbosity", "pass");
        expected.put("ascii stat", "FAIL");
        assertEquals(expected, parseOutcomes(stdout));
    }
}
