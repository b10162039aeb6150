package io.memjcache.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, named after memcached's {@code stats} fields. Thread-safe: counters are striped adders,
 * per-class figures atomic arrays. {@code stats reset} zeroes the cumulative counters but not the current ones
 * (items, bytes, connections), as memcached does.
 */
final class ServerStats {

    final LongAdder cmdGet = new LongAdder();
    final LongAdder cmdSet = new LongAdder();
    final LongAdder cmdFlush = new LongAdder();
    final LongAdder cmdTouch = new LongAdder();
    final LongAdder cmdMeta = new LongAdder();
    final LongAdder getHits = new LongAdder();
    final LongAdder getMisses = new LongAdder();
    final LongAdder getExpired = new LongAdder();
    final LongAdder getFlushed = new LongAdder();
    final LongAdder deleteMisses = new LongAdder();
    final LongAdder deleteHits = new LongAdder();
    final LongAdder incrMisses = new LongAdder();
    final LongAdder incrHits = new LongAdder();
    final LongAdder decrMisses = new LongAdder();
    final LongAdder decrHits = new LongAdder();
    final LongAdder casMisses = new LongAdder();
    final LongAdder casHits = new LongAdder();
    final LongAdder casBadval = new LongAdder();
    final LongAdder touchHits = new LongAdder();
    final LongAdder touchMisses = new LongAdder();
    final LongAdder storeTooLarge = new LongAdder();
    final LongAdder storeNoMemory = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder connYields = new LongAdder();
    final LongAdder totalItems = new LongAdder();
    final LongAdder expiredUnfetched = new LongAdder();
    final LongAdder evictedUnfetched = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder reclaimed = new LongAdder();
    final LongAdder crawlerReclaimed = new LongAdder();
    final LongAdder crawlerItemsChecked = new LongAdder();
    final LongAdder totalConnections = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    final LongAdder lruCrawlerStarts = new LongAdder();

    /** Current (not cumulative) figures. */
    final LongAdder currConnections = new LongAdder();

    final LongAdder currItems = new LongAdder();
    final LongAdder bytes = new LongAdder();

    final ClassCounters classItems = new ClassCounters();
    final ClassCounters classRequested = new ClassCounters();
    final ClassCounters classGetHits = new ClassCounters();
    final ClassCounters classSets = new ClassCounters();
    final ClassCounters classDeleteHits = new ClassCounters();
    final ClassCounters classIncrHits = new ClassCounters();
    final ClassCounters classDecrHits = new ClassCounters();
    final ClassCounters classCasHits = new ClassCounters();
    final ClassCounters classCasBadval = new ClassCounters();
    final ClassCounters classTouchHits = new ClassCounters();
    final ClassCounters classEvicted = new ClassCounters();

    void itemLinked(Item item, int sign) {
        int size = item.memcachedSize();
        int cls = SlabClasses.classOf(size);
        currItems.add(sign);
        bytes.add((long) sign * size);
        classItems.add(cls, sign);
        classRequested.add(cls, (long) sign * size);
    }

    static void hit(ClassCounters perClass, Item item) {
        perClass.increment(item);
    }

    /** memcached's {@code stats reset}: cumulative counters back to zero. */
    void reset() {
        for (LongAdder a : new LongAdder[] {
            cmdGet,
            cmdSet,
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
            classEvicted
        }) {
            perClass.reset();
        }
    }
}
