package io.memjcache.server.store;

import io.memjcache.server.stats.ServerStats;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The storage engine: items in lock-striped hash tables, a hard memory limit counted in what items really cost on
 * the heap, eviction of the least recently used items of each stripe when full, and memcached's expiry and
 * flush_all rules.
 *
 * <p>Commands work on one key at a time with the stripe's lock held:
 * <pre>{@code
 * StoreSegment s = store.segment(key.hash);  s.lock();
 * try { Item it = store.live(s, key, now); ... store.link(s, newItem, it); } finally { s.unlock(); }
 * }</pre>
 * Before building an item that is to be linked, a command calls {@link #reserve(long)} without any lock held, which
 * evicts until the item fits. Thread-safe; no method accepts {@code null} unless it says so.
 *
 * <p>Internal, not API.
 */
public final class ItemStore {

    /** Relative expiration times up to 30 days; larger values are absolute Unix times. */
    static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;
    /** How many of the next items to evict eviction inspects for an expired one before evicting a live one. */
    private static final int TAIL_SEARCH = 5;

    private final StoreSegment[] segments;
    private final int hashSeed = ThreadLocalRandom.current().nextInt();
    private final InstantSource clock;
    private final ServerStats stats;
    private final long startedAt;
    private final AtomicLong casCounter = new AtomicLong();
    private final AtomicLong usedBytes = new AtomicLong();
    /** Memory promised to data blocks still arriving: counted against the limit before they become items. */
    private final AtomicLong inFlightBytes = new AtomicLong();

    private final AtomicInteger evictionCursor = new AtomicInteger();
    private volatile long memoryLimit;

    /** Items whose CAS is lower than this were flushed by an immediate flush_all (0: none). */
    private volatile long flushedBeforeCas;
    /** Items last touched at or before this second die once it arrives (0: none); set by flush_all. */
    private volatile long flushedUpTo;
    /** The {@code watch} streams; every change of an item below reports to it. */
    public final WatchLog watch;
    /** Frees the dead items nobody looks up again ({@code lru_crawler}, the background sweep, after flush_all). */
    public final StoreSweeper sweeper;

    public ItemStore(long memoryLimit, InstantSource clock, ServerStats stats) {
        this.memoryLimit = memoryLimit;
        this.clock = clock;
        this.stats = stats;
        this.watch = new WatchLog(clock);
        this.startedAt = clock.millis() / 1000;
        int count = Integer.highestOneBit(Math.max(16, Runtime.getRuntime().availableProcessors() * 16));
        this.segments = new StoreSegment[count];
        for (int i = 0; i < count; i++) {
            segments[i] = new StoreSegment(this);
        }
        this.sweeper = new StoreSweeper(this, segments, stats);
    }

    /** @return the current Unix time in whole seconds, as the server sees it */
    public long now() {
        return clock.millis() / 1000;
    }

    long startedAt() {
        return startedAt;
    }

    public long nextCas() {
        return casCounter.incrementAndGet();
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    public void setMemoryLimit(long bytes) {
        this.memoryLimit = bytes;
    }

    public long usedBytes() {
        return usedBytes.get();
    }

    /**
     * Turns a protocol expiration time into an absolute Unix second: 0 stays 0 (never), negative values are already
     * past, up to 30 days counts from now, anything larger is an absolute time (memcached's {@code realtime()}).
     */
    public long expiryFromProtocol(long exptime, long now) {
        if (exptime == 0) {
            return 0;
        }
        if (exptime < 0) {
            return 1;
        }
        if (exptime > MAX_RELATIVE_EXPTIME) {
            return exptime <= startedAt ? 1 : exptime;
        }
        return now + exptime;
    }

    int hash(byte[] key, int length) {
        int h = hashSeed;
        for (int i = 0; i < length; i++) {
            h = (h ^ key[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    public StoreSegment segment(int hash) {
        return segments[(hash >>> 24) & (segments.length - 1)];
    }

    /**
     * @return the live item under the key, or null; an expired or flushed item found on the way is unlinked and
     *     counted as {@code get_expired}/{@code get_flushed} when {@code countMiss} is set
     */
    @Nullable
    public Item live(StoreSegment segment, KeyBuffer key, long now, boolean countMiss) {
        Item item = segment.find(key.hash, key.bytes, key.length);
        if (item == null) {
            watch.logGet(segment, key, null, 0);
            return null;
        }
        if (isFlushed(item, now)) {
            segment.unlink(item);
            if (countMiss) {
                stats.getFlushed.increment();
            }
            watch.logDeleted(segment, item, WatchCmd.FLUSHED);
            watch.logGet(segment, key, null, 2);
            return null;
        }
        if (isExpired(item, now)) {
            segment.unlink(item);
            if (countMiss) {
                stats.getExpired.increment();
            }
            if (!item.has(Item.FETCHED)) {
                stats.expiredUnfetched.increment();
            }
            watch.logDeleted(segment, item, WatchCmd.EXPIRED);
            watch.logGet(segment, key, null, 3);
            return null;
        }
        watch.logGet(segment, key, item, 1);
        return item;
    }

    /**
     * Like {@link #live} without an {@code item_get} line: for a command that looks the key up a second time (an
     * append checking that the item it copied is still current), which memcached does only once.
     */
    @Nullable
    public Item recheck(StoreSegment segment, KeyBuffer key, long now) {
        Item item = segment.find(key.hash, key.bytes, key.length);
        if (item == null || isDead(item, now)) {
            return null;
        }
        return item;
    }

    boolean isExpired(Item item, long now) {
        return item.expiresAt() != 0 && item.expiresAt() <= now;
    }

    boolean isFlushed(Item item, long now) {
        long upTo = flushedUpTo;
        if (upTo != 0 && upTo <= now && item.lastAccess() <= upTo) {
            return true;
        }
        long beforeCas = flushedBeforeCas;
        return beforeCas != 0 && item.cas < beforeCas;
    }

    boolean isDead(Item item, long now) {
        return isExpired(item, now) || isFlushed(item, now);
    }

    /**
     * An {@code item_store} line for a store that changed nothing ({@code not_stored}, {@code exists},
     * {@code not_found}), as memcached logs them, describing the item that was offered. Lock held.
     */
    public void storeRefused(StoreSegment segment, Item offered, String status, WatchCmd cmd, int cfd) {
        watch.logStore(segment, offered, status, cmd, cfd);
    }

    /** A {@code deleted} line (memcached 1.6.20's format): the item is gone, or for {@code md I} stale. Lock held. */
    public void logDeleted(StoreSegment segment, Item item, WatchCmd cmd) {
        watch.logDeleted(segment, item, cmd);
    }

    /**
     * Links {@code item} in place of {@code old} (null when the key had no live item), and reports it as stored by
     * {@code cmd} from connection {@code cfd}.
     */
    public void link(StoreSegment segment, Item item, @Nullable Item old, WatchCmd cmd, int cfd) {
        segment.link(item, old);
        stats.totalItems.increment();
        watch.logStore(segment, item, "stored", cmd, cfd);
    }

    /** Replaces an item with a rewritten copy of itself (a counter changed in place): not a new item. */
    public void rewrite(StoreSegment segment, Item item, Item old, WatchCmd cmd, int cfd) {
        segment.link(item, old);
        watch.logStore(segment, item, "stored", cmd, cfd);
    }

    /** Removes a live item on a client's request ({@code delete}, {@code md}, a refused {@code set}). */
    public void unlink(StoreSegment segment, Item item, WatchCmd cmd) {
        segment.unlink(item);
        logDeleted(segment, item, cmd);
    }

    /** Called by segments as items come and go. */
    void account(Item item, int sign) {
        usedBytes.addAndGet(sign * item.heapCost());
        stats.itemLinked(item, sign);
    }

    /**
     * Makes room for an item of the given heap cost, freeing items stripe after stripe (see {@link #evictTail}).
     * Must be called with no stripe lock held.
     *
     * @return false if the cost cannot fit even in an empty store
     */
    public boolean reserve(long cost) {
        if (cost > memoryLimit) {
            return false;
        }
        int emptyInARow = 0;
        while (usedBytes.get() + inFlightBytes.get() + cost > memoryLimit) {
            StoreSegment victim = segments[evictionCursor.getAndIncrement() & (segments.length - 1)];
            if (evictTail(victim)) {
                emptyInARow = 0;
            } else if (++emptyInARow > segments.length) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #reserve(long)}, and keeps the cost counted until {@link #releaseInFlight(long)}. */
    public boolean reserveInFlight(long cost) {
        if (!reserve(cost)) {
            return false;
        }
        inFlightBytes.addAndGet(cost);
        return true;
    }

    public void releaseInFlight(long cost) {
        if (cost != 0) {
            inFlightBytes.addAndGet(-cost);
        }
    }

    /** Evicts until usage is back within the limit (after a small item was linked without a reservation). */
    public void trimToLimit() {
        reserve(0);
    }

    /**
     * Frees one item of the stripe: an expired or flushed one among the next few to evict if there is one (memcached
     * looks at a few tail items the same way), otherwise the next to evict (see {@link ClockRing}).
     */
    private boolean evictTail(StoreSegment segment) {
        segment.lock();
        try {
            Item victim = segment.oldest();
            if (victim == null) {
                return false;
            }
            long now = now();
            Item dead = segment.firstOfOldest(TAIL_SEARCH, e -> isDead(e, now));
            if (dead != null) {
                victim = dead;
                stats.reclaimed.increment();
                watch.logDeleted(segment, victim, isFlushed(victim, now) ? WatchCmd.FLUSHED : WatchCmd.EXPIRED);
                stats.classReclaimed.increment(victim);
            } else {
                watch.logEviction(segment, victim, now);
                stats.evictions.increment();
                stats.classEvicted.increment(victim);
                if (!victim.has(Item.FETCHED)) {
                    stats.evictedUnfetched.increment();
                }
            }
            segment.unlink(victim);
            return true;
        } finally {
            segment.unlock();
        }
    }

    /**
     * Invalidates every item (memcached's flush_all): immediately when {@code delay} is 0 or negative, otherwise once
     * the given protocol expiration time is reached.
     */
    public void flushAll(long delay, long now, int cfd) {
        long oldest = delay > 0 ? expiryFromProtocol(delay, now) : now;
        flushedUpTo = oldest - 1;
        if (flushedUpTo <= now) {
            flushedBeforeCas = nextCas();
        }
        watch.flushed(Math.max(0, delay), cfd);
        sweeper.flushedItemsDieAt(Math.max(flushedUpTo, now));
    }

    public int segmentCount() {
        return segments.length;
    }

    /** Visits each live item of one stripe, under its lock; used by key enumeration ({@code lru_crawler}). */
    public void forEachLive(int segmentIndex, long now, java.util.function.Consumer<Item> visitor) {
        StoreSegment segment = segments[segmentIndex];
        segment.lock();
        try {
            segment.forEachOldestFirst(item -> {
                if (!isDead(item, now)) {
                    visitor.accept(item);
                }
            });
        } finally {
            segment.unlock();
        }
    }

    long currentItems() {
        long n = 0;
        for (StoreSegment s : segments) {
            s.lock();
            try {
                n += s.size();
            } finally {
                s.unlock();
            }
        }
        return n;
    }
}
