package io.memjcache.server.store;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code watch} log streams: which kinds of events anyone watches (one volatile read decides, so producing
 * nothing costs nothing when nobody watches), the watchers, and the global event counter ({@code gid}). The store
 * captures events under its stripe locks and publishes them after unlocking (see {@link StoreSegment#unlock()});
 * events outside any stripe (connections, flush_all) are published at once.
 *
 * <p>Which change produces which line is documented in the README (section "watch"). Thread-safe; no method accepts
 * null unless it says so.
 *
 * <p>Internal, not API.
 */
public final class WatchLog {

    /** memcached's {@code LOG_FETCHERS}: {@code item_get} lines. */
    public static final int FETCHERS = 1 << 2;
    /** memcached's {@code LOG_MUTATIONS}: {@code item_store} lines. */
    public static final int MUTATIONS = 1 << 3;
    /** memcached's {@code LOG_CONNEVENTS}: {@code conn_new}/{@code conn_close} lines. */
    public static final int CONNEVENTS = 1 << 5;
    /** memcached's {@code LOG_EVICTIONS}: {@code eviction} lines. */
    public static final int EVICTIONS = 1 << 6;
    /** memcached 1.6.20's {@code LOG_DELETIONS}: {@code deleted} lines (and this server's {@code flush_all}). */
    public static final int DELETIONS = 1 << 7;

    /** memcached's {@code WATCHER_LIMIT}. */
    public static final int MAX_WATCHERS = 20;

    private final InstantSource clock;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicLong gid = new AtomicLong();
    /** Lines queued for watchers, and lines dropped because a watcher's buffer was full (memcached's stats). */
    private final LongAdder sent = new LongAdder();

    private final LongAdder skipped = new LongAdder();
    /** The union of every watcher's flags. */
    private volatile int watched;

    WatchLog(InstantSource clock) {
        this.clock = clock;
    }

    /** @return whether anyone watches events of this kind (one volatile read) */
    public boolean watching(int flag) {
        return (watched & flag) != 0;
    }

    /**
     * Adds a watcher of the given kinds, which sees only events produced from now on.
     *
     * @param wake run (on any thread) when lines arrive for a watcher that has drained
     * @return the watcher, or null if {@link #MAX_WATCHERS} are already watching
     */
    public synchronized @Nullable Watcher add(int flags, Runnable wake) {
        if (watchers.size() >= MAX_WATCHERS) {
            return null;
        }
        Watcher w = new Watcher(flags, gid.get() + 1, wake);
        watchers.add(w);
        watched |= flags;
        return w;
    }

    public synchronized void remove(Watcher w) {
        if (watchers.remove(w)) {
            int union = 0;
            for (Watcher other : watchers) {
                union |= other.flags;
            }
            watched = union;
        }
    }

    /** @return the number of watchers */
    public int size() {
        return watchers.size();
    }

    /** @return the bytes queued in every watcher's buffer, not yet taken by its connection */
    public long bufferedBytes() {
        long sum = 0;
        for (Watcher w : watchers) {
            sum += w.bufferedBytes();
        }
        return sum;
    }

    /** @return lines queued for watchers since the start ({@code log_watcher_sent}) */
    public long sent() {
        return sent.sum();
    }

    /** @return lines watchers lost to a full buffer since the start ({@code log_watcher_skipped}) */
    public long skipped() {
        return skipped.sum();
    }

    long nextGid() {
        return gid.incrementAndGet();
    }

    long micros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Renders the event once and hands the line to every watcher of its kind that started before it. */
    void publish(WatchEvent event) {
        byte[] line = null;
        for (Watcher w : watchers) {
            if ((w.flags & event.flag) != 0 && event.gid >= w.minGid) {
                if (line == null) {
                    line = event.render();
                }
                (w.offer(line) ? sent : skipped).increment();
            }
        }
    }

    /** A connection opened ({@code conn_new}); {@code remoteHost} as memcached prints it. */
    public void connectionOpened(String remoteHost, int remotePort, int cfd) {
        if (watching(CONNEVENTS)) {
            publish(event(WatchEvent.Kind.CONN_NEW, CONNEVENTS, "", remoteHost, remotePort, cfd));
        }
    }

    /** A connection closed ({@code conn_close}); {@code reason} is memcached's: normal, error, idle_timeout. */
    public void connectionClosed(String remoteHost, int remotePort, int cfd, String reason) {
        if (watching(CONNEVENTS)) {
            publish(event(WatchEvent.Kind.CONN_CLOSE, CONNEVENTS, reason, remoteHost, remotePort, cfd));
        }
    }

    /** flush_all: every item is invalid from {@code delay} seconds on (0: now). Not a memcached line. */
    void flushed(long delay, int cfd) {
        if (watching(DELETIONS)) {
            publish(event(WatchEvent.Kind.FLUSH_ALL, DELETIONS, "", "flush_all", delay, cfd));
        }
    }

    private WatchEvent event(WatchEvent.Kind kind, int flag, String status, String cmd, long number, int cfd) {
        return new WatchEvent(
                kind, flag, nextGid(), micros(), new byte[0], 0, status, cmd, number, 0, 0, cfd, 0, false);
    }

    // Events captured under a stripe lock (see StoreSegment#defer), rendered once the lock is released.

    /** An {@code item_get} line: status 0 not found, 1 found, 2 flushed, 3 expired (memcached's codes). */
    void logGet(StoreSegment segment, KeyBuffer key, @Nullable Item item, int status) {
        if (!watching(WatchLog.FETCHERS)) {
            return;
        }
        byte[] keyBytes = item != null ? item.data : java.util.Arrays.copyOf(key.bytes, key.length);
        segment.defer(new WatchEvent(
                WatchEvent.Kind.ITEM_GET,
                WatchLog.FETCHERS,
                nextGid(),
                micros(),
                keyBytes,
                key.length,
                WatchEvent.GET_STATUS[status],
                "",
                0,
                0,
                item != null ? SlabClasses.classOf(item.memcachedSize()) : 0,
                key.cfd,
                item != null ? item.valueLength() : 0,
                false));
    }

    void logStore(StoreSegment segment, Item item, String status, WatchCmd cmd, int cfd) {
        if (!watching(WatchLog.MUTATIONS)) {
            return;
        }
        long now = clock.millis() / 1000;
        segment.defer(new WatchEvent(
                WatchEvent.Kind.ITEM_STORE,
                WatchLog.MUTATIONS,
                nextGid(),
                micros(),
                item.data,
                item.keyLength(),
                status,
                cmd.wire,
                item.expiresAt() == 0 ? 0 : item.expiresAt() - now,
                0,
                SlabClasses.classOf(item.memcachedSize()),
                cfd,
                item.valueLength(),
                false));
    }

    /** A {@code deleted} line (memcached 1.6.20's format): the item is gone, or for {@code md I} stale. */
    void logDeleted(StoreSegment segment, Item item, WatchCmd cmd) {
        if (!watching(WatchLog.DELETIONS)) {
            return;
        }
        segment.defer(new WatchEvent(
                WatchEvent.Kind.DELETED,
                WatchLog.DELETIONS,
                nextGid(),
                micros(),
                item.data,
                item.keyLength(),
                "",
                cmd.wire,
                0,
                0,
                SlabClasses.classOf(item.memcachedSize()),
                0,
                item.valueLength(),
                false));
    }

    void logEviction(StoreSegment segment, Item item, long now) {
        if (!watching(WatchLog.EVICTIONS)) {
            return;
        }
        segment.defer(new WatchEvent(
                WatchEvent.Kind.EVICTION,
                WatchLog.EVICTIONS,
                nextGid(),
                micros(),
                item.data,
                item.keyLength(),
                "",
                "",
                item.expiresAt() == 0 ? -1 : item.expiresAt() - now,
                now - item.lastAccess(),
                SlabClasses.classOf(item.memcachedSize()),
                0,
                item.valueLength(),
                item.has(Item.FETCHED)));
    }
}
