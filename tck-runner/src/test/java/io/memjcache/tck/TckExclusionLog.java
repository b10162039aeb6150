package io.memjcache.tck;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the tests the TCK turned into silent no-ops. A TCK test that is excluded (by the {@code ExcludeList}, or,
 * for the annotation tests, because no {@code javax.cache.annotation.BeanProvider} could be loaded) does not fail:
 * its rules replace it with a statement that only logs {@value #MARKER} through {@code java.util.logging}, and JUnit
 * reports it as passed. This handler, attached to the TCK's root logger, is the only way to tell such a test from
 * one that ran.
 *
 * <p>Thread-safe: counters are atomic and the logger is only touched under the class lock. Never holds nulls.
 */
final class TckExclusionLog extends Handler {

    /** How the TCK's excluded-test statement starts its log message. */
    static final String MARKER = "===== EXCLUDING TEST";

    /** The package of the TCK's annotation (interceptor) tests. */
    static final String ANNOTATION_PACKAGE = "org.jsr107.tck.annotation.";

    /**
     * The parent of every logger the TCK's excluders use (they are named after their own classes). Held here
     * because the log manager keeps loggers only weakly: a collected logger would lose this handler.
     */
    private static final Logger TCK_LOGGER = Logger.getLogger("org.jsr107.tck");

    private static TckExclusionLog installed;

    private final AtomicLong excluded = new AtomicLong();
    private final AtomicLong annotationExcluded = new AtomicLong();

    private TckExclusionLog() {
        setLevel(Level.ALL);
    }

    /** @return the handler counting this JVM's exclusions, attached to the TCK's loggers on first use */
    static synchronized TckExclusionLog install() {
        if (installed == null) {
            installed = new TckExclusionLog();
            // A logging configuration that silenced the TCK would also hide its exclusions from this count.
            if (!TCK_LOGGER.isLoggable(Level.INFO)) {
                TCK_LOGGER.setLevel(Level.INFO);
            }
            TCK_LOGGER.addHandler(installed);
        }
        return installed;
    }

    /** @return how many tests the TCK excluded so far, of any class */
    long excluded() {
        return excluded.get();
    }

    /** @return how many of the TCK's annotation tests were excluded so far */
    long annotationExcluded() {
        return annotationExcluded.get();
    }

    @Override
    public void publish(LogRecord logRecord) {
        String message = logRecord.getMessage();
        if (message == null || !message.startsWith(MARKER)) {
            return;
        }
        excluded.incrementAndGet();
        // The message names the test's declaring class in quotes: "===== EXCLUDING TEST '<class>'\t'<method>'."
        if (message.startsWith("'" + ANNOTATION_PACKAGE, MARKER.length() + 1)) {
            annotationExcluded.incrementAndGet();
        }
    }

    @Override
    public void flush() {
        // Nothing is buffered.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
