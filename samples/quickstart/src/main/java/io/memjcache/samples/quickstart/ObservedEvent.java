package io.memjcache.samples.quickstart;

import java.util.Objects;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry event as the quickstart's listener saw it.
 *
 * <p>Immutable, so thread-safe. {@code type} and {@code key} are never {@code null}; {@code value} is the new value,
 * or for a removal the removed value, and {@code oldValue} the replaced value of an update; either is {@code null}
 * when the event carries none.
 *
 * @param type what happened
 * @param key the entry's key
 * @param value the entry's value
 * @param oldValue the value an update replaced
 */
public record ObservedEvent(
        EventType type, String key, Integer value, @Nullable Integer oldValue) {

    /** Checks the components that are never {@code null}. */
    public ObservedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }

    /** @return the event as the quickstart prints it, e.g. {@code UPDATED /home = 11 (was 10)} */
    @Override
    public String toString() {
        return switch (type) {
            case CREATED -> type + " " + key + " = " + value;
            case UPDATED -> type + " " + key + " = " + value + " (was " + oldValue + ")";
            // JSR-107 1.1 reports the removed or expired value as the event's value (and as its old value).
            case REMOVED, EXPIRED -> type + " " + key + " (was " + (oldValue == null ? value : oldValue) + ")";
        };
    }
}
