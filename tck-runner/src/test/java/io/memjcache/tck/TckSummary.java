package io.memjcache.tck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What one TCK run came to: handed from the forked test JVM, where the TCK runs, to {@link TckTally} in the build's
 * JVM through a properties file.
 *
 * <p>Immutable and thread-safe. {@code build}, {@code outcome} and {@code setup} are never null; {@code reason} is
 * null exactly when the outcome is {@link Outcome#RAN}.
 *
 * @param build   the build that ran the TCK, so that a summary left by an earlier build is never taken for this one
 * @param outcome whether the TCK ran
 * @param setup   what the run was set up against (provider and store), for the build log
 * @param reason  why the TCK did not run, or null
 * @param passed  tests that passed
 * @param failed  tests that failed, plus test classes that failed as a whole (a failing {@code @BeforeClass})
 * @param aborted tests that stopped on a failed assumption
 * @param skipped tests that were skipped ({@code @Ignore})
 * @param classes test classes that had at least one test run
 * @param excluded tests the TCK excluded, of any class: they "passed" as no-ops (counted in {@code passed})
 * @param annotationPassed annotation (interceptor) tests that passed, whether they ran or were excluded
 * @param annotationExcluded annotation tests the TCK excluded, for instance because it found no bean provider
 */
record TckSummary(
        String build,
        Outcome outcome,
        String setup,
        String reason,
        long passed,
        long failed,
        long aborted,
        long skipped,
        int classes,
        long excluded,
        long annotationPassed,
        long annotationExcluded) {

    /** Whether the TCK ran. */
    enum Outcome {
        /** The TCK ran; the counts say how it went. */
        RAN,
        /** The store the run needs is missing on this developer machine, so the run was left out on purpose. */
        SKIPPED,
        /** The run could not be set up, for instance a required tool missing under CI. */
        BROKEN
    }

    TckSummary {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(setup, "setup");
        if ((outcome == Outcome.RAN) != (reason == null)) {
            throw new IllegalArgumentException("a reason is given exactly when the TCK did not run");
        }
    }

    /** @return a run about to start against {@code setup}, with nothing counted yet */
    static TckSummary starting(String build, String setup) {
        return new TckSummary(build, Outcome.RAN, setup, null, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return a run that will not happen, and why */
    static TckSummary notRun(String build, Outcome outcome, String setup, String reason) {
        if (outcome == Outcome.RAN) {
            throw new IllegalArgumentException("a run that happened has counts, not a reason");
        }
        return new TckSummary(build, outcome, setup, Objects.requireNonNull(reason, "reason"), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return this run with the given counts of all tests */
    TckSummary withCounts(long passedTests, long failedTests, long abortedTests, long skippedTests, int testClasses) {
        return new TckSummary(
                build,
                outcome,
                setup,
                reason,
                passedTests,
                failedTests,
                abortedTests,
                skippedTests,
                testClasses,
                excluded,
                annotationPassed,
                annotationExcluded);
    }

    /** @return this run with the given counts of excluded tests and of annotation tests */
    TckSummary withExclusions(long excludedTests, long annotationPassedTests, long annotationExcludedTests) {
        return new TckSummary(
                build,
                outcome,
                setup,
                reason,
                passed,
                failed,
                aborted,
                skipped,
                classes,
                excludedTests,
                annotationPassedTests,
                annotationExcludedTests);
    }

    /** @return annotation tests that passed and really ran, rather than passing as excluded no-ops */
    long annotationRan() {
        return Math.max(0, annotationPassed - annotationExcluded);
    }

    /**
     * Writes the summary to a sibling file first and moves it into place, so that a reader never sees half of it.
     */
    void writeTo(Path file) {
        Properties properties = new Properties();
        properties.setProperty("build", build);
        properties.setProperty("outcome", outcome.name());
        properties.setProperty("setup", setup);
        if (reason != null) {
            properties.setProperty("reason", reason);
        }
        properties.setProperty("passed", Long.toString(passed));
        properties.setProperty("failed", Long.toString(failed));
        properties.setProperty("aborted", Long.toString(aborted));
        properties.setProperty("skipped", Long.toString(skipped));
        properties.setProperty("classes", Integer.toString(classes));
        properties.setProperty("excluded", Long.toString(excluded));
        properties.setProperty("annotationPassed", Long.toString(annotationPassed));
        properties.setProperty("annotationExcluded", Long.toString(annotationExcluded));
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path partial = directory.resolve(file.getFileName() + ".partial");
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                properties.store(writer, "JSR-107 TCK run summary");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TCK summary " + file, e);
        }
    }

    /**
     * @return the summary {@code build} stored in {@code file}, or empty if there is none: no file, or one that an
     *         earlier build left
     */
    static Optional<TckSummary> readFrom(Path file, String build) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TCK summary " + file, e);
        }
        if (!build.equals(properties.getProperty("build"))) {
            return Optional.empty();
        }
        return Optional.of(new TckSummary(
                build,
                Outcome.valueOf(required(properties, "outcome", file)),
                required(properties, "setup", file),
                properties.getProperty("reason"),
                Long.parseLong(required(properties, "passed", file)),
                Long.parseLong(required(properties, "failed", file)),
                Long.parseLong(required(properties, "aborted", file)),
                Long.parseLong(required(properties, "skipped", file)),
                Integer.parseInt(required(properties, "classes", file)),
                Long.parseLong(required(properties, "excluded", file)),
                Long.parseLong(required(properties, "annotationPassed", file)),
                Long.parseLong(required(properties, "annotationExcluded", file))));
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("the TCK summary " + file + " has no " + key);
        }
        return value;
    }
}
