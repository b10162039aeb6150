package io.memjcache.jcache;

import java.io.Serializable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * Records every event it receives as "TYPE key value old", in arrival order ({@code -} for an old value not
 * available). Thread-safe. The readers return {@code null} when no event arrived.
 */
final class RecordingListener
        implements CacheEntryCreatedListener<Long, String>,
                CacheEntryUpdatedListener<Long, String>,
                CacheEntryRemovedListener<Long, String>,
                CacheEntryExpiredListener<Long, String>,
                Serializable {

    private static final long serialVersionUID = 1L;

    private final transient BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /** @return the next event, waiting up to 10 s for it; null if none arrived */
    String next() throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
    }

    /** @return the next event if one has already arrived, else null */
    String nextIfAny() {
        return events.poll();
    }

    private void record(Iterable<CacheEntryEvent<? extends Long, ? extends String>> batch) {
        for (CacheEntryEvent<? extends Long, ? extends String> event : batch) {
            String old = event.isOldValueAvailable() ? event.getOldValue() : "-";
            events.add(event.getEventType() + " " + event.getKey() + " " + event.getValue() + " " + old);
        }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends Long, ? extends String>> batch) {
        record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends Long, ? extends String>> batch) {
        record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends Long, ? extends String>> batch) {
        record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends Long, ? extends String>> batch) {
        record(batch);
    }
}
