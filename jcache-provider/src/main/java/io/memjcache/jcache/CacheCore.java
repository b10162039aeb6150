package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.event.EventDispatcher;
import io.memjcache.jcache.expiry.ExpiryDeadline;
import io.memjcache.jcache.integration.LoaderAdapter;
import io.memjcache.jcache.integration.WriterAdapter;
import io.memjcache.jcache.management.CacheStatistics;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.MemcachedTtl;
import io.memjcache.jcache.store.Snapshot;
import io.memjcache.jcache.store.StoredEntry;
import java.time.InstantSource;
import javax.cache.CacheException;
import javax.cache.event.EventType;

/**
 * Everything the operations of one cache share: codec, store, expiry, listeners, statistics, loader and writer,
 * plus the read and conditional write steps every operation is built from.
 *
 * <p>Thread-safe. {@link #loader} and {@link #writer} are {@code null} when the cache has none (the writer also
 * when write-through is off); {@link Current#value()} is {@code null} for an absent entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheCore<K, V> {

    final ValueCodec<K, V> codec;
    final EntryStore store;
    final ExpiryDeadline expiry;
    final EventDispatcher<K, V> events;
    final CacheStatistics statistics;
    final LoaderAdapter<K, V> loader;
    final boolean readThrough;
    final WriterAdapter<K, V> writer;
    private final InstantSource wallClock;
    private volatile boolean statisticsEnabled;

    CacheCore(ValueCodec<K, V> codec, EntryStore store, ExpiryDeadline expiry, EventDispatcher<K, V> events,
            CacheStatistics statistics, LoaderAdapter<K, V> loader, boolean readThrough, WriterAdapter<K, V> writer,
            InstantSource wallClock) {
        this.codec = codec;
        this.store = store;
        this.expiry = expiry;
        this.events = events;
        this.statistics = statistics;
        this.loader = loader;
        this.readThrough = readThrough;
        this.writer = writer;
        this.wallClock = wallClock;
    }

    /**
     * The state of one entry as an operation saw it.
     *
     * @param snapshot what memcached holds, for the conditional write that follows
     * @param value    the live value, or {@code null} if absent or expired
     * @param now      the time of the read (injected clock, epoch millis)
     * @param <V>      the value type
     */
    record Current<V>(Snapshot snapshot, V value, long now) {

        boolean present() {
            return value != null;
        }

        long deadline() {
            return snapshot.entry() == null ? StoredEntry.ETERNAL : snapshot.entry().deadlineMillis();
        }
    }

    /** Reads an entry; an expired one reads as absent and its EXPIRED event goes into {@code batch}. */
    Current<V> read(K key, byte[] keyBytes, EventBatch<K, V> batch) {
        long now = expiry.now();
        Snapshot snapshot = store.read(keyBytes);
        return current(key, snapshot, now, batch);
    }

    Current<V> current(K key, Snapshot snapshot, long now, EventBatch<K, V> batch) {
        if (snapshot.isExpiredAt(now)) {
            if (batch.wants(EventType.EXPIRED)) {
                batch.expired(key, codec.value(snapshot.entry().value()));
            }
            return new Current<>(snapshot, null, now);
        }
        V value = snapshot.isLiveAt(now) ? codec.value(snapshot.entry().value()) : null;
        return new Current<>(snapshot, value, now);
    }

    /** Writes the entry if nobody changed it since {@code current} was read; false means re-read and retry. */
    boolean write(Current<V> current, byte[] keyBytes, byte[] valueBytes, long deadline) {
        StoredEntry entry = new StoredEntry(current.snapshot().generation(), deadline, keyBytes, valueBytes);
        long ttl = MemcachedTtl.ttlSeconds(deadline, current.now(), wallClock.millis() / 1000);
        try {
            return store.write(current.snapshot(), entry, ttl);
        } catch (MemcachedException e) {
            StoredEntry previous = current.snapshot().entry();
            if (previous != null) {
                store.restore(current.snapshot(), MemcachedTtl.ttlSeconds(previous.deadlineMillis(), current.now(),
                        wallClock.millis() / 1000));
            }
            throw new CacheException("storing an entry of " + valueBytes.length + " value bytes failed: "
                    + e.getMessage(), e);
        }
    }

    /** Removes the entry if nobody changed it since {@code current} was read; false means re-read and retry. */
    boolean delete(Current<V> current) {
        return store.delete(current.snapshot());
    }

    /** Deletes an expired entry found by a read that will not overwrite it; a concurrent change wins. */
    void dropIfExpired(Current<V> current) {
        if (current.snapshot().isExpiredAt(current.now())) {
            store.delete(current.snapshot());
        }
    }

    /** Applies the access expiry to a live entry just read; a concurrent change wins over the new deadline. */
    void touch(Current<V> current) {
        StoredEntry entry = current.snapshot().entry();
        long deadline = expiry.onAccess(current.now(), entry.deadlineMillis());
        if (deadline != entry.deadlineMillis()) {
            write(current, entry.key(), entry.value(), deadline);
        }
    }

    /** Stores a value the loader supplied, as a creation (no writer, CREATED event). */
    void storeLoaded(K key, byte[] keyBytes, V value, Current<V> current, EventBatch<K, V> batch) {
        long deadline = expiry.onCreation(current.now());
        if (deadline <= current.now()) {
            dropIfExpired(current);
            return;
        }
        if (write(current, keyBytes, codec.valueBytes(value), deadline)) {
            batch.created(key, value);
        }
    }

    boolean statisticsEnabled() {
        return statisticsEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        statisticsEnabled = enabled;
    }

    void recordHits(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordHits(n);
        }
    }

    void recordMisses(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordMisses(n);
        }
    }

    void recordPuts(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordPuts(n);
        }
    }

    void recordRemovals(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordRemovals(n);
        }
    }

    void recordGetTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordGetTime(System.nanoTime() - startNanos);
        }
    }

    void recordPutTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordPutTime(System.nanoTime() - startNanos);
        }
    }

    void recordRemoveTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordRemoveTime(System.nanoTime() - startNanos);
        }
    }
}
