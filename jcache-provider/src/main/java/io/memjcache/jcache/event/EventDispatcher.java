package io.memjcache.jcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * The entry listeners of one cache in this JVM. Cache operations collect their events in an {@link EventBatch}
 * and hand it to {@link #dispatch(EventBatch)} once the change is made: synchronous listeners run in the caller's
 * thread before the operation returns, asynchronous ones on their own thread.
 *
 * <p>Thread-safe: registrations may change while events are dispatched. Nothing returns {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EventDispatcher<K, V> {

    private final Cache<K, V> source;
    private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
    /** Every registration ever made, so that all listeners are closed with the cache. */
    private final List<ListenerRegistration<K, V>> toClose = new CopyOnWriteArrayList<>();

    /** @param source the cache whose events these are (the events' source) */
    public EventDispatcher(Cache<K, V> source) {
        this.source = source;
    }

    /**
     * Adds a listener.
     *
     * @throws IllegalArgumentException if an equal configuration is already registered
     */
    public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.configuration().equals(configuration)) {
                throw new IllegalArgumentException("listener configuration already registered: " + configuration);
            }
        }
        ListenerRegistration<K, V> registration = new ListenerRegistration<>(configuration, source.getName());
        registrations.add(registration);
        toClose.add(registration);
    }

    /** Removes the listener registered with an equal configuration, if any. */
    public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        registrations.removeIf(registration -> registration.configuration().equals(configuration));
    }

    /** @return the configurations of the registered listeners, in registration order */
    public List<CacheEntryListenerConfiguration<K, V>> configurations() {
        List<CacheEntryListenerConfiguration<K, V>> result = new ArrayList<>();
        registrations.forEach(registration -> result.add(registration.configuration()));
        return result;
    }

    /** @return whether any listener wants events of that type, so an operation can skip building them */
    public boolean wants(EventType type) {
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.wants(type)) {
                return true;
            }
        }
        return false;
    }

    /** @return a new, empty batch for one operation */
    public EventBatch<K, V> newBatch() {
        return new EventBatch<>(this, source);
    }

    /**
     * Delivers a batch to every listener.
     *
     * @throws javax.cache.event.CacheEntryListenerException if a synchronous listener failed
     */
    public void dispatch(EventBatch<K, V> batch) {
        List<EntryEvent<K, V>> events = batch.events();
        if (events.isEmpty()) {
            return;
        }
        RuntimeException failure = null;
        for (ListenerRegistration<K, V> registration : registrations) {
            try {
                registration.deliver(events);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every listener and filter this cache made, and stops the asynchronous delivery threads. */
    public synchronized void close() {
        registrations.clear();
        for (ListenerRegistration<K, V> registration : toClose) {
            registration.close();
        }
        toClose.clear();
    }
}
