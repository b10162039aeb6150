package io.memjcache.tck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges the TCK runs once they are over, in the build's own JVM: prints each run's setup, a line
 * {@code <run>: N annotation tests ran} and a closing line {@code <run>: N passed, N failed}, then fails the build if
 * any run failed a test, ran fewer tests than the TCK holds, let an annotation test pass as an excluded no-op (the
 * TCK does that to all of them when it finds no bean provider), could not be set up, or left no summary at all (its
 * test JVM died). A run skipped because its store is missing on a developer machine is reported as skipped and does
 * not fail the build.
 *
 * <p>Arguments: the number of tests the TCK holds, the number of its annotation tests that must really run (0 when
 * the build does not check them), the build's identity (a summary from another build is stale), then one
 * {@code <run>=<summary file>} per run.
 *
 * <p>Stateless; thread-safe.
 */
public final class TckTally {

    private TckTally() {}

    /**
     * @param args the expected test count, the expected annotation test count, the build's identity, then
     *             {@code <run>=<summary file>} pairs
     * @throws IllegalStateException naming every problem found, which fails the build
     */
    public static void main(String[] args) {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: TckTally <expected tests> <expected annotation tests> <build> <run>=<summary file>...");
        }
        long expected = Long.parseLong(args[0]);
        long expectedAnnotationTests = Long.parseLong(args[1]);
        String build = args[2];
        List<String> problems = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] run = args[i].split("=", 2);
            if (run.length != 2) {
                throw new IllegalArgumentException("expected <run>=<summary file>, got " + args[i]);
            }
            problems.addAll(judge(run[0], Path.of(run[1]), build, expected, expectedAnnotationTests));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("JSR-107 TCK: " + String.join("; ", problems));
        }
    }

    private static List<String> judge(
            String run, Path summaryFile, String build, long expected, long expectedAnnotationTests) {
        Optional<TckSummary> found = TckSummary.readFrom(summaryFile, build);
        if (found.isEmpty()) {
            System.out.println(run + ": 0 passed, 0 failed");
            return List.of(run + ": this build left no summary at " + summaryFile
                    + "; the TCK's test JVM did not start or did not finish (see above)");
        }
        TckSummary summary = found.get();
        System.out.println(run + ": " + summary.setup());
        switch (summary.outcome()) {
            case SKIPPED -> {
                System.out.println(run + ": SKIPPED, " + summary.reason());
                return List.of();
            }
            case BROKEN -> {
                System.out.println(run + ": not run, " + summary.reason());
                System.out.println(run + ": 0 passed, 0 failed");
                return List.of(run + ": not run, " + summary.reason());
            }
            default -> {
                System.out.println(run + ": " + summary.classes() + " test classes, " + summary.aborted()
                        + " aborted, " + summary.skipped() + " skipped, " + summary.excluded()
                        + " excluded by the TCK (passed as no-ops)");
                List<String> problems = new ArrayList<>(judgeAnnotationTests(run, summary, expectedAnnotationTests));
                System.out.println(run + ": " + summary.passed() + " passed, " + summary.failed() + " failed");
                if (summary.failed() > 0) {
                    problems.add(run + ": " + summary.failed() + " failed");
                }
                if (summary.passed() < expected) {
                    problems.add(run + ": " + summary.passed() + " passed, but the TCK holds " + expected
                            + " tests that must all pass");
                }
                return problems;
            }
        }
    }

    /**
     * The TCK's annotation tests pass silently as no-ops when it cannot load a bean provider, so passing is not
     * enough: each must have run, and none may have been excluded.
     */
    private static List<String> judgeAnnotationTests(String run, TckSummary summary, long expected) {
        String ran = run + ": " + summary.annotationRan() + " annotation tests ran";
        String excluded = summary.annotationExcluded() + " excluded as no-ops";
        if (expected == 0) {
            System.out.println(ran + ", " + excluded + " (not checked in this build)");
            return List.of();
        }
        System.out.println(summary.annotationExcluded() == 0 ? ran : ran + ", " + excluded);
        List<String> problems = new ArrayList<>();
        if (summary.annotationExcluded() > 0) {
            problems.add(run + ": " + excluded + " of the TCK's annotation tests (is the"
                    + " javax.cache.annotation.BeanProvider on the test classpath, and does it start?)");
        }
        if (summary.annotationRan() < expected) {
            problems.add(run + ": " + summary.annotationRan() + " annotation tests ran, but the TCK holds " + expected
                    + " that must all run");
        }
        return problems;
    }
}
