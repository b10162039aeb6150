package io.memjcache.jcache.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the provider logs: the provider logs through {@link System.Logger}, which the JDK's default
 * {@link System.LoggerFinder} maps to {@code java.util.logging}, so a handler on the JUL logger {@code io.memjcache}
 * sees every record of the loggers below it. Closing it removes the handler and restores the logger's level.
 *
 * <p>Thread-safe: records may arrive from any thread. Arguments must not be {@code null}.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            synchronized (records) {
                records.add(logRecord);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name); // held here: JUL keeps loggers only weakly
        this.previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** @return a capture of everything logged under {@code io.memjcache} until closed */
    public static LogCapture provider() {
        return new LogCapture("io.memjcache");
    }

    /** @return the messages (formatted) of the records at {@code level} so far, in arrival order */
    public List<String> messages(Level level) {
        return messages(r -> r.getLevel().equals(level));
    }

    /** @return the messages (formatted) of the records that match {@code filter}, in arrival order */
    public List<String> messages(Predicate<LogRecord> filter) {
        List<String> messages = new ArrayList<>();
        synchronized (records) {
            for (LogRecord logRecord : records) {
                if (filter.test(logRecord)) {
                    messages.add(logRecord.getMessage());
                }
            }
        }
        return messages;
    }

    /** Forgets the records so far. */
    public void clear() {
        synchronized (records) {
            records.clear();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
