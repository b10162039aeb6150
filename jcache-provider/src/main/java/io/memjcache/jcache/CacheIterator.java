package io.memjcache.jcache;

import java.util.Iterator;
import java.util.function.Consumer;
import javax.cache.Cache;

/**
 * The iterator of a cache: every entry returned counts as a read (access expiry, a hit in the statistics), and
 * {@link #remove()} removes the last entry as {@code Cache.remove(key)} would (writer, REMOVED event, statistics).
 *
 * <p>Not thread-safe. Entries are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

    private final CacheCore<K, V> core;
    private final LiveEntries<K, V> entries;
    private final Consumer<K> remover;
    private K last;

    CacheIterator(CacheCore<K, V> core, Consumer<K> remover) {
        this.core = core;
        this.entries = new LiveEntries<>(core);
        this.remover = remover;
    }

    @Override
    public boolean hasNext() {
        return entries.hasNext();
    }

    @Override
    public Cache.Entry<K, V> next() {
        LiveEntries.Live<K, V> live = entries.next();
        core.touch(live.current());
        core.recordHits(1);
        last = live.key();
        return new MemjcacheEntry<>(live.key(), live.value());
    }

    @Override
    public void remove() {
        if (last == null) {
            throw new IllegalStateException("next() has not returned an entry to remove");
        }
        K key = last;
        last = null;
        remover.accept(key);
    }
}
