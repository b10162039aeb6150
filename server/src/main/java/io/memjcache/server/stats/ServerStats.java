package io.memjcache.server.stats;

import io.memjcache.server.store.Item;
import io.memjcache.server.store.SlabClasses;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, named after memcached's {@code stats} fields. Thread-safe: counters are striped adders,
 * per-class figures atomic arrays. {@code stats reset} zeroes the cumulative counters but not the current ones
 * (items, bytes, connections), as memcached does.
 *
 * <p>Internal, not API.
 */
public final class ServerStats {

    public final LongAdder cmdGet = new LongAdder();
    public final LongAdder cmdSet = new LongAdder();
    public final LongAdder cmdFlush = new LongAdder();
    public final LongAdder cmdTouch = new LongAdder();
    public final LongAdder cmdMeta = new LongAdder();
    public final LongAdder getHits = new LongAdder();
    public final LongAdder getMisses = new LongAdder();
    public final LongAdder getExpired = new LongAdder();
    public final LongAdder getFlushed = new LongAdder();
    public final LongAdder deleteMisses = new LongAdder();
    public final LongAdder deleteHits = new LongAdder();
    public final LongAdder incrMisses = new LongAdder();
    public final LongAdder incrHits = new LongAdder();
    public final LongAdder decrMisses = new LongAdder();
    public final LongAdder decrHits = new LongAdder();
    public final LongAdder casMisses = new LongAdder();
    public final LongAdder casHits = new LongAdder();
    public final LongAdder casBadval = new LongAdder();
    public final LongAdder touchHits = new LongAdder();
    public final LongAdder touchMisses = new LongAdder();
    public final LongAdder storeTooLarge = new LongAdder();
    public final LongAdder storeNoMemory = new LongAdder();
    public final LongAdder authCmds = new LongAdder();
    public final LongAdder authErrors = new LongAdder();
    public final LongAdder bytesRead = new LongAdder();
    public final LongAdder bytesWritten = new LongAdder();
    public final LongAdder connYields = new LongAdder();
    public final LongAdder totalItems = new LongAdder();
    public final LongAdder expiredUnfetched = new LongAdder();
    public final LongAdder evictedUnfetched = new LongAdder();
    public final LongAdder evictions = new LongAdder();
    public final LongAdder reclaimed = new LongAdder();
    public final LongAdder crawlerReclaimed = new LongAdder();
    public final LongAdder crawlerItemsChecked = new LongAdder();
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder lruCrawlerStarts = new LongAdder();

    /** Current (not cumulative) figures. */
    public final LongAdder currConnections = new LongAdder();

    public final LongAdder currItems = new LongAdder();
    public final LongAdder bytes = new LongAdder();

    final ClassCounters classItems = new ClassCounters();
    final ClassCounters classRequested = new ClassCounters();
    public final ClassCounters classGetHits = new ClassCounters();
    public final ClassCounters classSets = new ClassCounters();
    public final ClassCounters classDeleteHits = new ClassCounters();
    public final ClassCounters classIncrHits = new ClassCounters();
    public final ClassCounters classDecrHits = new ClassCounters();
    public final ClassCounters classCasHits = new ClassCounters();
    public final ClassCounters classCasBadval = new ClassCounters();
    public final ClassCounters classTouchHits = new ClassCounters();
    public final ClassCounters classEvicted = new ClassCounters();
    public final ClassCounters classReclaimed = new ClassCounters();

    public void itemLinked(Item item, int sign) {
        int size = item.memcachedSize();
        int cls = SlabClasses.classOf(size);
        currItems.add(sign);
        bytes.add((long) sign * size);
        classItems.add(cls, sign);
        classRequested.add(cls, (long) sign * size);
    }

    public static void hit(ClassCounters perClass, Item item) {
        perClass.increment(item);
    }

    /** memcached's {@code stats reset}: cumulative counters back to zero. */
    public void reset() {
        for (LongAdder a : new LongAdder[] {
            cmdGet,
            cmdSet,
            authCmds,
            authErrors,
            cmdFlush,
            cmdTouch,
            cmdMeta,
            getHits,
            getMisses,
            getExpired,
            getFlushed,
            deleteMisses,
            deleteHits,
            incrMisses,
            incrHits,
            decrMisses,
            decrHits,
            casMisses,
            casHits,
            casBadval,
            touchHits,
            touchMisses,
            storeTooLarge,
            storeNoMemory,
            bytesRead,
            bytesWritten,
            connYields,
            totalItems,
            expiredUnfetched,
            evictedUnfetched,
            evictions,
            reclaimed,
            crawlerReclaimed,
            crawlerItemsChecked,
            totalConnections,
            rejectedConnections
        }) {
            a.reset();
        }
        for (ClassCounters perClass : new ClassCounters[] {
            classGetHits,
            classSets,
            classDeleteHits,
            classIncrHits,
            classDecrHits,
            classCasHits,
            classCasBadval,
            classTouchHits,
            classEvicted,
            classReclaimed
        }) {
            perClass.reset();
        }
    }
}
