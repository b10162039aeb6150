package io.memjcache.server.compat;

import io.memjcache.server.testsupport.VisibleBytes;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Compares what two servers answered to the same script, step by step, and fails with a message a person can
 * act on: the script, each differing step as written, and both responses with control bytes made visible.
 *
 * <p>Stateless and thread-safe. Arguments must not be null.
 */
final class TranscriptComparison {

    /** Later differences are usually knock-on effects of the first ones; the count is still reported. */
    private static final int MAX_REPORTED_STEPS = 8;

    private static final int MAX_SHOWN_CHARS = 1500;

    private TranscriptComparison() {}

    /** Fails unless both transcripts have identical responses at every step. */
    static void assertSame(
            ProtocolScript script,
            String expectedName,
            List<ScriptRunner.StepResult> expected,
            String actualName,
            List<ScriptRunner.StepResult> actual) {
        StringBuilder report = new StringBuilder();
        int differing = 0;
        for (int i = 0; i < script.steps().size(); i++) {
            String want = expected.get(i).response();
            String got = actual.get(i).response();
            if (want.equals(got)) {
                continue;
            }
            differing++;
            if (differing <= MAX_REPORTED_STEPS) {
                report.append("\n  step ")
                        .append(i + 1)
                        .append(" (")
                        .append(script.steps().get(i).describe())
                        .append(")\n    ")
                        .append(expectedName)
                        .append(": ")
                        .append(visible(want))
                        .append("\n    ")
                        .append(actualName)
                        .append(": ")
                        .append(visible(got));
            }
        }
        if (differing > 0) {
            String header =
                    script.name() + ": " + differing + " of " + script.steps().size()
                            + " steps differ between " + expectedName + " (expected) and " + actualName
                            + (differing > MAX_REPORTED_STEPS ? " (first " + MAX_REPORTED_STEPS + " shown)" : "");
            throw new AssertionFailedError(header + report);
        }
    }

    /**
     * Renders response text (one char per byte) with CR, LF and other control or non-ASCII bytes escaped,
     * shortened if huge so that a runaway response does not bury the report.
     */
    static String visible(String text) {
        if (text.isEmpty()) {
            return "(nothing)";
        }
        int shown = Math.min(text.length(), MAX_SHOWN_CHARS);
        StringBuilder out = new StringBuilder(VisibleBytes.of(text.substring(0, shown)));
        if (shown < text.length()) {
            out.append("... (").append(text.length() - shown).append(" more bytes)");
        }
        return out.toString();
    }
}
