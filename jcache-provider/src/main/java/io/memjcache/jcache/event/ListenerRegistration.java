package io.memjcache.jcache.event;

import io.memjcache.jcache.support.ConfiguredResources;
import io.memjcache.jcache.support.DaemonThreads;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.jspecify.annotations.Nullable;

/**
 * One listener registered on a cache: the listener and filter made from the configuration's factories, and for an
 * asynchronous listener its own single delivery thread, which keeps the events of each key in order.
 *
 * <p>Thread-safe. Nothing returns {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ListenerRegistration<K, V> {

    private static final Logger LOG = Logger.getLogger(ListenerRegistration.class.getName());
    /** How long an asynchronous listener's delivery thread waits for events before it ends. */
    private static final long IDLE_SECONDS = 5;

    private final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;
    private final @Nullable ExecutorService asyncExecutor;

    ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, String cacheName) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
        this.asyncExecutor = configuration.isSynchronous() ? null : deliveryExecutor(cacheName);
    }

    /**
     * One thread at most, so events arrive in order; it ends when idle, so a cache dropped without close leaves no
     * thread behind.
     */
    private static ExecutorService deliveryExecutor(String cacheName) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1,
                1,
                IDLE_SECONDS,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                DaemonThreads.named("memjcache-listener-" + cacheName));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    CacheEntryListenerConfiguration<K, V> configuration() {
        return configuration;
    }

    /** Delivers the events this listener wants; for a synchronous listener a failure reaches the caller. */
    void deliver(List<EntryEvent<K, V>> events) {
        if (asyncExecutor == null) {
            deliverNow(events);
            return;
        }
        try {
            asyncExecutor.execute(() -> {
                try {
                    deliverNow(events);
                } catch (RuntimeException e) {
                    // Nobody waits for an asynchronous listener: its failure can only be logged.
                    LOG.log(Level.WARNING, "asynchronous cache entry listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "listener closed while events were pending", e);
        }
    }

    private void deliverNow(List<EntryEvent<K, V>> events) {
        for (EntryEvent<K, V> event : events) {
            if (!wants(event) || (filter != null && !filter.evaluate(event))) {
                continue;
            }
            List<CacheEntryEvent<? extends K, ? extends V>> one = List.of(event);
            try {
                switch (event.getEventType()) {
                    case CREATED -> created().onCreated(one);
                    case UPDATED -> updated().onUpdated(one);
                    case REMOVED -> removed().onRemoved(one);
                    case EXPIRED -> expired().onExpired(one);
                    default -> throw new IllegalStateException("unknown event type " + event.getEventType());
                }
            } catch (CacheEntryListenerException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheEntryListenerException("cache entry listener failed: " + e, e);
            }
        }
    }

    private boolean wants(EntryEvent<K, V> event) {
        return switch (event.getEventType()) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    /** @return whether this listener wants events of that type at all (lets callers skip building them) */
    boolean wants(javax.cache.event.EventType type) {
        return switch (type) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    @SuppressWarnings("unchecked") // the listener was checked to implement the interface; its type arguments are K, V
    private CacheEntryCreatedListener<K, V> created() {
        return (CacheEntryCreatedListener<K, V>) listener;
    }

    @SuppressWarnings("unchecked") // as above
    private CacheEntryUpdatedListener<K, V> updated() {
        return (CacheEntryUpdatedListener<K, V>) listener;
    }

    @SuppressWarnings("unchecked") // as above
    private CacheEntryRemovedListener<K, V> removed() {
        return (CacheEntryRemovedListener<K, V>) listener;
    }

    @SuppressWarnings("unchecked") // as above
    private CacheEntryExpiredListener<K, V> expired() {
        return (CacheEntryExpiredListener<K, V>) listener;
    }

    /** Stops the delivery thread after the events already queued, and closes a Closeable listener and filter. */
    void close() {
        if (asyncExecutor != null) {
            asyncExecutor.shutdown();
        }
        ConfiguredResources.closeIfCloseable(listener, LOG);
        ConfiguredResources.closeIfCloseable(filter, LOG);
    }
}
