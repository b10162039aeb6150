package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * Enumerates the live entries of a cache: lists the memcached keys under the cache's prefix, then reads them in
 * pipelined batches, skipping stale and foreign items and those it cannot read, and reporting expired ones. Entries
 * added or removed during the enumeration may or may not be seen, as the specification allows.
 *
 * <p>Not thread-safe: one enumeration belongs to one thread. Returned keys and values are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LiveEntries<K, V> implements Iterator<LiveEntries.Live<K, V>> {

    /** Keys read per pipelined batch: bounds memory while keeping round trips few. */
    private static final int BATCH = 256;

    private final CacheCore<K, V> core;
    private final List<String> memcachedKeys;
    private final boolean dropUnreadable;
    private int position;
    private final List<Live<K, V>> buffered = new ArrayList<>();
    private int bufferedPosition;

    /**
     * A live entry as read.
     *
     * @param key     the key
     * @param value   the value
     * @param current the read, for touching or removing it
     * @param <K>     the key type
     * @param <V>     the value type
     */
    record Live<K, V>(K key, V value, CacheCore.Current<V> current) {}

    /**
     * @param dropUnreadable whether to delete the entries whose key or value cannot be read (an old class after a
     *                       deploy): removeAll does, the iterator skips them
     */
    LiveEntries(CacheCore<K, V> core, boolean dropUnreadable) {
        this.core = core;
        this.dropUnreadable = dropUnreadable;
        this.memcachedKeys = core.store.memcachedKeys();
    }

    void forEachLive(BiConsumer<K, V> action) {
        while (hasNext()) {
            Live<K, V> live = next();
            action.accept(live.key(), live.value());
        }
    }

    @Override
    public boolean hasNext() {
        while (bufferedPosition >= buffered.size() && position < memcachedKeys.size()) {
            fill();
        }
        return bufferedPosition < buffered.size();
    }

    @Override
    public Live<K, V> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffered.get(bufferedPosition++);
    }

    private void fill() {
        buffered.clear();
        bufferedPosition = 0;
        List<String> slice = memcachedKeys.subList(position, Math.min(position + BATCH, memcachedKeys.size()));
        position += slice.size();
        long now = core.expiry.now();
        EventBatch<K, V> batch = core.events.newBatch();
        List<Snapshot> dropped = new ArrayList<>();
        for (Map.Entry<String, Snapshot> read :
                core.store.readByMemcachedKeys(slice).entrySet()) {
            Snapshot snapshot = read.getValue();
            if (snapshot.entry() == null) {
                continue;
            }
            K key = core.codec.readableKey(snapshot.entry().key());
            CacheCore.Current<V> current = key == null ? null : core.current(key, snapshot, now, batch);
            if (key != null && current != null && current.present()) {
                buffered.add(new Live<>(key, current.presentValue(), current));
            } else if ((snapshot.isExpiredAt(now) && !snapshot.readFromReplica())
                    || (dropUnreadable && snapshot.isLiveAt(now))) {
                dropped.add(snapshot);
            }
        }
        core.deleteAll(dropped); // one round for the slice; an entry rewritten meanwhile keeps its new value
        batch.dispatch();
    }
}
