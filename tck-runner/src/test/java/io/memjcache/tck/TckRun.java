package io.memjcache.tck;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The decision {@link TckSessionListener} takes before discovery, shared with {@link SkipUnrunnableTck} and
 * {@link TckResultCounter}: the launcher creates each of them separately through {@code ServiceLoader}, so a
 * static is the only place they can meet. One test JVM runs one TCK session.
 *
 * <p>Thread-safe: a single volatile reference. {@link #decision()} is empty until the session has decided, and
 * stays empty when the JVM is not running the TCK at all.
 */
final class TckRun {

    /** The system property naming the file the run's {@link TckSummary} is written to; set by the build. */
    static final String SUMMARY_PROPERTY = "tck.summary";

    /** The system property identifying the build, which {@link TckTally} matches against each summary. */
    static final String BUILD_PROPERTY = "tck.build";

    private static volatile TckSummary decision;

    private TckRun() {}

    /** Records how this run is set up: {@link TckSummary#starting} if the TCK runs, else why it does not. */
    static void decide(TckSummary setup) {
        decision = setup;
    }

    /** @return the session's decision, or empty if none was taken (not a TCK run) */
    static Optional<TckSummary> decision() {
        return Optional.ofNullable(decision);
    }

    /** @return the build this run belongs to, or {@code unknown} when run outside the build */
    static String build() {
        return System.getProperty(BUILD_PROPERTY, "unknown");
    }

    /** @return where the run's summary goes, or empty if this JVM is not running the TCK for the build */
    static Optional<Path> summaryFile() {
        String configured = System.getProperty(SUMMARY_PROPERTY);
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(Path.of(configured));
    }
}
