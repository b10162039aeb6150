package io.memjcache.jcache.event;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * The events one cache operation produced, in order, dispatched once the operation's changes are made. Events
 * of types nobody listens to are not even created.
 *
 * <p>Not thread-safe: one batch belongs to one operation in one thread. Keys and values must not be {@code null}
 * (a CREATED event has no old value, which is the one {@code null} it holds).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EventBatch<K, V> {

    private final EventDispatcher<K, V> dispatcher;
    private final Cache<K, V> source;
    private final List<EntryEvent<K, V>> events = new ArrayList<>(2);

    EventBatch(EventDispatcher<K, V> dispatcher, Cache<K, V> source) {
        this.dispatcher = dispatcher;
        this.source = source;
    }

    /** Records that {@code key} was created with {@code value}. */
    public void created(K key, V value) {
        add(EventType.CREATED, key, value, null);
    }

    /** Records that {@code key} changed from {@code oldValue} to {@code value}. */
    public void updated(K key, V value, V oldValue) {
        add(EventType.UPDATED, key, value, oldValue);
    }

    /** Records that {@code key}, which held {@code oldValue}, was removed. */
    public void removed(K key, V oldValue) {
        add(EventType.REMOVED, key, oldValue, oldValue);
    }

    /** Records that {@code key}, which held {@code oldValue}, was found expired. */
    public void expired(K key, V oldValue) {
        add(EventType.EXPIRED, key, oldValue, oldValue);
    }

    /** @return whether an event of that type would reach a listener */
    public boolean wants(EventType type) {
        return dispatcher.wants(type);
    }

    private void add(EventType type, K key, V value, @Nullable V oldValue) {
        if (dispatcher.wants(type)) {
            events.add(new EntryEvent<>(source, type, key, value, oldValue));
        }
    }

    /**
     * Drops the changes recorded so far because the operation is retried from a fresh read. EXPIRED events stay:
     * the expired item they report is gone by the time of the retry (its change is why the retry happens).
     */
    public void reset() {
        events.removeIf(event -> event.getEventType() != EventType.EXPIRED);
    }

    /** Delivers the events; see {@link EventDispatcher#dispatch(EventBatch)}. */
    public void dispatch() {
        dispatcher.dispatch(this);
    }

    List<EntryEvent<K, V>> events() {
        return events;
    }
}
