package io.memjcache.samples.quickstart;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * A cache entry listener that prints every event and remembers it. Registered as a synchronous listener, so each
 * event is printed before the cache operation that caused it returns, and the output reads in order.
 *
 * <p>Thread-safe: the cache may deliver events from any thread. The constructor's stream must not be
 * {@code null}; {@link #events()} never returns {@code null}.
 */
public final class EventPrinter
        implements CacheEntryCreatedListener<String, Integer>,
                CacheEntryUpdatedListener<String, Integer>,
                CacheEntryRemovedListener<String, Integer>,
                CacheEntryExpiredListener<String, Integer> {

    private final PrintStream out;
    private final List<ObservedEvent> events = new CopyOnWriteArrayList<>();

    /** @param out where to print the events */
    public EventPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** @return the events seen so far, oldest first (a snapshot) */
    public List<ObservedEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
        record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
        record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
        record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
        record(batch);
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
        for (CacheEntryEvent<? extends String, ? extends Integer> event : batch) {
            // Updates carry the replaced value only because the listener asks for old values.
            Integer oldValue = event.isOldValueAvailable() ? event.getOldValue() : null;
            ObservedEvent observed =
                    new ObservedEvent(event.getEventType(), event.getKey(), event.getValue(), oldValue);
            events.add(observed);
            out.println("  event: " + observed);
        }
    }
}
