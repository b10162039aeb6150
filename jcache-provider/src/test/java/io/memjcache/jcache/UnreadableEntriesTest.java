package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rolling deploy leaves entries written by another build of the application: a value class with another
 * {@code serialVersionUID}, or one the reading class loader does not have at all. Such an entry is a miss for
 * every read (with one warning per cache naming the cache and the class), and writes and removes replace or delete
 * it without decoding it. The odd entries are real bytes written through a second manager, on both backends.
 */
class UnreadableEntriesTest extends BackendTestSupport {

    private static final String CACHE = "evolving";
    private static final EvolvingValue NEW = new EvolvingValue("new");

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger logger = Logger.getLogger("io.memjcache.jcache");

    @BeforeEach
    void recordWarnings() {
        logger.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        logger.removeHandler(recorder);
    }

    /** Kinds of unreadable entry: a changed class, and a class the reader's loader lacks. */
    enum Kind {
        CHANGED_SERIAL_VERSION_UID,
        CLASS_GONE
    }

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        backends().forEach(backend -> {
            for (Kind kind : Kind.values()) {
                cases.add(new Object[] {backend, kind});
            }
        });
        return cases;
    }

    /** The other build, which wrote the entries and can read them. */
    private Cache<String, EvolvingValue> writer;
    /** This build, which cannot read them. */
    private Cache<String, EvolvingValue> reader;
    /** A manager with the current class and the default serializer, reading what the reader writes. */
    private Cache<String, EvolvingValue> observer;

    private void open(String backend, Kind kind) {
        URI uri = uniqueUri();
        Properties writerSettings = properties(backend);
        ClassLoader readerLoader = getClass().getClassLoader();
        if (kind == Kind.CHANGED_SERIAL_VERSION_UID) {
            writerSettings.setProperty("memjcache.serializer", EvolvedClassSerializer.class.getName());
        } else {
            readerLoader = new HidingClassLoader(readerLoader, Set.of(EvolvingValue.class.getName()));
        }
        writer = managerInNewProvider(uri, writerSettings).createCache(CACHE, configuration());
        reader = managerInNewProvider(uri, properties(backend), readerLoader).createCache(CACHE, configuration());
        observer = managerInNewProvider(uri, properties(backend)).createCache(CACHE, configuration());
    }

    private static MutableConfiguration<String, EvolvingValue> configuration() {
        return new MutableConfiguration<String, EvolvingValue>().setTypes(String.class, EvolvingValue.class);
    }

    /** Writes an entry the reader cannot decode under {@code key}. */
    private void plant(String key) {
        EvolvingValue old = new EvolvingValue("old " + key);
        writer.put(key, old);
        assertEquals(old, writer.get(key), "the other build reads its own entry");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void readsMissAndWritesReplaceTheUnreadableEntry(String backend, Kind kind) {
        open(backend, kind);
        plant("k");

        assertNull(reader.get("k"));
        assertFalse(reader.containsKey("k"));
        assertTrue(reader.getAll(Set.of("k")).isEmpty());
        assertFalse(reader.iterator().hasNext(), "the iterator skips an entry it cannot read");
        assertNull(reader.getAndPut("k", NEW), "an unreadable entry is replaced as if it were absent");
        assertEquals(NEW, observer.get("k"));

        plant("k");
        reader.put("k", NEW);
        assertEquals(NEW, observer.get("k"));

        plant("k");
        assertTrue(reader.putIfAbsent("k", NEW));
        assertEquals(NEW, observer.get("k"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void removesDeleteTheUnreadableEntry(String backend, Kind kind) {
        open(backend, kind);
        List<Consumer<Cache<String, EvolvingValue>>> removals = List.of(
                cache -> assertFalse(cache.remove("k")),
                cache -> assertNull(cache.getAndRemove("k")),
                cache -> assertFalse(cache.replace("k", NEW)),
                cache -> cache.removeAll(Set.of("k")),
                Cache::removeAll);
        for (Consumer<Cache<String, EvolvingValue>> removal : removals) {
            plant("k");
            removal.accept(reader);
            assertFalse(writer.containsKey("k"), "the unreadable entry is gone, even for its own writer");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneWarningPerCacheNamesTheCacheAndTheClass(String backend, Kind kind) {
        open(backend, kind);
        for (int i = 0; i < 5; i++) {
            plant("k" + i);
            assertNull(reader.get("k" + i));
        }
        reader.iterator().forEachRemaining(entry -> {});

        List<LogRecord> ours;
        synchronized (warnings) {
            ours = warnings.stream().filter(r -> r.getMessage().contains(CACHE)).toList();
        }
        assertEquals(
                1,
                ours.size(),
                () -> "warnings: " + ours.stream().map(LogRecord::getMessage).toList());
        assertTrue(
                ours.get(0).getMessage().contains(EvolvingValue.class.getName()),
                ours.get(0).getMessage());
    }

    /** A class loader that cannot see the named classes, standing for a build where they were deleted. */
    private static final class HidingClassLoader extends ClassLoader {

        private final Set<String> hidden;

        HidingClassLoader(ClassLoader parent, Set<String> hidden) {
            super("hiding", parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden.contains(name)) {
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            return super.loadClass(name, resolve);
        }
    }
}
