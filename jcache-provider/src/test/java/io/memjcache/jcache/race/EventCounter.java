package io.memjcache.jcache.race;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * Counts the CREATED, UPDATED and REMOVED events of one cache. Registered as a synchronous listener, so the events of
 * an operation are counted before the operation returns to its caller. Thread-safe; never returns {@code null}.
 */
final class EventCounter
        implements CacheEntryCreatedListener<String, String>,
                CacheEntryUpdatedListener<String, String>,
                CacheEntryRemovedListener<String, String>,
                Serializable {

    private static final long serialVersionUID = 1L;

    private final transient AtomicLong created = new AtomicLong();
    private final transient AtomicLong updated = new AtomicLong();
    private final transient AtomicLong removed = new AtomicLong();

    /** @return a counter listening synchronously to {@code cache} */
    static EventCounter attachTo(Cache<String, String> cache) {
        EventCounter counter = new EventCounter();
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                new FactoryBuilder.SingletonFactory<>(counter), null, false, true));
        return counter;
    }

    /** @return the counts so far, and starts counting from zero again */
    Events takeCounts() {
        return new Events(created.getAndSet(0), updated.getAndSet(0), removed.getAndSet(0));
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        events.forEach(event -> created.incrementAndGet());
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        events.forEach(event -> updated.incrementAndGet());
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        events.forEach(event -> removed.incrementAndGet());
    }

    /**
     * Event counts of one round.
     *
     * @param created CREATED events
     * @param updated UPDATED events
     * @param removed REMOVED events
     */
    record Events(long created, long updated, long removed) {

        static final Events NONE = new Events(0, 0, 0);

        Events plus(Events other) {
            return new Events(created + other.created, updated + other.updated, removed + other.removed);
        }

        /** @return the form a child JVM reports them in */
        String encode() {
            return created + "," + updated + "," + removed;
        }

        static Events decode(String encoded) {
            String[] parts = encoded.split(",", -1);
            return new Events(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
    }
}
