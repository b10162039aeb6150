package io.memjcache.jcache;

import java.util.Iterator;
import java.util.function.Consumer;
import javax.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * The iterator of a cache: every entry returned counts as a read (access expiry, a hit in the statistics), and
 * {@link #remove()} removes the last entry as {@code Cache.remove(key)} would (writer, REMOVED event, statistics).
 * Its reads go to memcached as the iteration proceeds, so like every cache operation each method reports a
 * memcached failure as a {@link javax.cache.CacheException} naming the cache and the server
 * ({@link CacheFailures}).
 *
 * <p>Not thread-safe. Entries are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

    private final String cacheName;
    private final CacheCore<K, V> core;
    private final LiveEntries<K, V> entries;
    private final Consumer<K> remover;
    private @Nullable K last;

    /** Lists the cache's keys (a memcached request): call it the way cache operations are called. */
    CacheIterator(String cacheName, CacheCore<K, V> core, Consumer<K> remover) {
        this.cacheName = cacheName;
        this.core = core;
        this.entries = new LiveEntries<>(core, false);
        this.remover = remover;
    }

    @Override
    public boolean hasNext() {
        return CacheFailures.translate(cacheName, entries::hasNext);
    }

    @Override
    public Cache.Entry<K, V> next() {
        return CacheFailures.translate(cacheName, () -> {
            LiveEntries.Live<K, V> live = entries.next();
            core.touch(live.current());
            core.recordHits(1);
            last = live.key();
            return new MemjcacheEntry<>(live.key(), live.value());
        });
    }

    @Override
    public void remove() {
        if (last == null) {
            throw new IllegalStateException("next() has not returned an entry to remove");
        }
        K key = last;
        last = null;
        CacheFailures.run(cacheName, () -> remover.accept(key));
    }
}
