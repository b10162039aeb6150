package io.memjcache.server.store;

import io.memjcache.server.stats.ServerStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frees the expired and flushed items of an {@link ItemStore} that nobody asks for again: the background sweep (this
 * server's counterpart of memcached's LRU maintainer), the sweep of all items once a {@code flush_all} has killed them,
 * and {@code lru_crawler crawl}. Lookups and eviction free dead items they meet on their own; this is for the rest.
 *
 * <p>Thread-safe: each stripe is swept under its lock, and the flag and the pending flush are atomic. No method
 * accepts {@code null}.
 *
 * <p>Internal, not API.
 */
public final class StoreSweeper {

    private final ItemStore store;
    private final StoreSegment[] segments;
    private final ServerStats stats;
    private volatile boolean sweeping = true;
    /**
     * The second from which the items of the last flush_all are all dead and the background sweep removes them at
     * once (0: none waiting).
     */
    private final AtomicLong flushSweepDue = new AtomicLong();

    StoreSweeper(ItemStore store, StoreSegment[] segments, ServerStats stats) {
        this.store = store;
        this.segments = segments;
        this.stats = stats;
    }

    /** A flush_all's items are all dead from {@code second} on: the next background step sweeps every stripe. */
    void flushedItemsDieAt(long second) {
        flushSweepDue.set(second);
    }

    /** @return whether the background sweep ({@link #sweepInBackground}) runs; {@code lru_crawler disable} stops it */
    public boolean sweeping() {
        return sweeping;
    }

    public void setSweeping(boolean on) {
        this.sweeping = on;
    }

    /**
     * Removes expired and flushed items from one stripe, as memcached's LRU crawler does: counted as
     * {@code crawler_reclaimed}.
     *
     * @return how many items were removed
     */
    public int sweep(int segmentIndex, long now) {
        int removed = sweep(segments[segmentIndex & (segments.length - 1)], now, true);
        stats.crawlerReclaimed.add(removed);
        return removed;
    }

    /**
     * One step of the background sweep, this server's counterpart of memcached's LRU maintainer, which frees expired
     * and flushed items as they reach the tails of its LRUs, so that memory comes back (and {@code stats slabs} and
     * {@code stats items} show it) even for keys nobody asks for again. Sweeps the {@code count} stripes from
     * {@code first} on; but once the items of a {@code flush_all} are all dead, every stripe at once, because
     * memcached's maintainer frees a flushed cache within a fraction of a second and clients read
     * {@code used_chunks} right after a flush. Removals count as {@code reclaimed}, as memcached's maintainer counts
     * them.
     *
     * @return how many items were removed
     */
    public int sweepInBackground(int first, int count, long now) {
        long due = flushSweepDue.get();
        boolean afterFlush = due != 0 && due <= now && flushSweepDue.compareAndSet(due, 0);
        int from = afterFlush ? 0 : first;
        int stripes = afterFlush ? segments.length : Math.min(count, segments.length);
        int removed = 0;
        for (int i = 0; i < stripes; i++) {
            removed += sweep(segments[(from + i) & (segments.length - 1)], now, false);
        }
        stats.reclaimed.add(removed);
        return removed;
    }

    private int sweep(StoreSegment segment, long now, boolean crawler) {
        int[] removed = {0};
        segment.lock();
        try {
            segment.forEachOldestFirst(item -> {
                if (crawler) {
                    stats.crawlerItemsChecked.increment();
                }
                if (store.isDead(item, now)) {
                    if (!crawler) {
                        stats.classReclaimed.increment(item);
                    }
                    segment.unlink(item);
                    store.watch.logDeleted(
                            segment, item, store.isFlushed(item, now) ? WatchCmd.FLUSHED : WatchCmd.EXPIRED);
                    removed[0]++;
                }
            });
        } finally {
            segment.unlock();
        }
        return removed[0];
    }

    /** Sweeps every stripe at once ({@code lru_crawler crawl}). */
    public void sweepAll(long now) {
        for (int i = 0; i < segments.length; i++) {
            sweep(i, now);
        }
    }
}
