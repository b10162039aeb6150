package io.memjcache.jcache.processor;

import io.memjcache.jcache.support.Unwrapping;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did, and the cache applies
 * the net {@link Outcome} once the processor returns: e.g. setValue then remove on an absent entry changes nothing,
 * getValue on an absent entry with read-through loads it (a LOAD, stored without calling the writer).
 *
 * <p>Not thread-safe: it belongs to one processor invocation. {@link #getValue()} returns {@code null} for an
 * absent entry; {@link #setValue} refuses {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

    /** The net effect of a processor on its entry. */
    public enum Outcome {
        /** Nothing observable happened. */
        NONE,
        /** The existing value was read. */
        ACCESS,
        /** An absent value was loaded through the cache loader. */
        LOAD,
        /** A new entry was set. */
        CREATE,
        /** The existing entry was set to a new value. */
        UPDATE,
        /** The existing entry was removed. */
        REMOVE
    }

    private final K key;
    private final @Nullable V original;
    private final @Nullable Function<K, V> loader;
    private @Nullable V value;
    private Outcome outcome = Outcome.NONE;

    /**
     * @param key      the entry's key
     * @param original the value before the processor ran, or {@code null} if absent
     * @param loader   loads an absent value on {@link #getValue()} (read-through), or {@code null}
     */
    public ProcessorEntry(K key, @Nullable V original, @Nullable Function<K, V> loader) {
        this.key = Objects.requireNonNull(key, "key");
        this.original = original;
        this.value = original;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public @Nullable V getValue() {
        if (outcome == Outcome.NONE) {
            if (original != null) {
                outcome = Outcome.ACCESS;
            } else if (loader != null) {
                V loaded = loader.apply(key);
                if (loaded != null) {
                    value = loaded;
                    outcome = Outcome.LOAD;
                }
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public void remove() {
        // Removing what this processor created or loaded undoes it; otherwise the removal reaches the writer
        // even for an absent entry, as the system of record may hold it.
        outcome = outcome == Outcome.CREATE || outcome == Outcome.LOAD ? Outcome.NONE : Outcome.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        Objects.requireNonNull(newValue, "value");
        outcome = original == null ? Outcome.CREATE : Outcome.UPDATE;
        value = newValue;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrapping.unwrap(this, clazz, "a mutable entry");
    }

    /** @return the net effect of the processor, read after it returned */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the value at the end: the new, loaded or read value; {@code null} if absent or removed */
    public @Nullable V value() {
        return value;
    }

    /** @return the value at the end of an outcome that leaves one (create, update, load) */
    public V newValue() {
        if (value == null) {
            throw new IllegalStateException("the processor left no value (outcome " + outcome + ")");
        }
        return value;
    }

    /** @return the value before the processor ran, or {@code null} */
    public @Nullable V original() {
        return original;
    }
}
