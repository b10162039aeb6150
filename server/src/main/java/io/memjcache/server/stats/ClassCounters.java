package io.memjcache.server.stats;

import io.memjcache.server.store.Item;
import io.memjcache.server.store.SlabClasses;
import java.util.concurrent.atomic.LongAdder;

/**
 * One counter per slab class, striped so that worker threads counting hits on the same class do not contend on one
 * memory location. Thread-safe.
 *
 * <p>Internal, not API.
 */
public final class ClassCounters {

    private final LongAdder[] counters = new LongAdder[SlabClasses.largest() + 1];

    ClassCounters() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /** Counts one event for the class the item belongs to. */
    public void increment(Item item) {
        counters[SlabClasses.classOf(item.memcachedSize())].increment();
    }

    /** Counts one event for the class of an item of this size ({@link Item#memcachedSize(int, int, long)}). */
    public void increment(long memcachedSize) {
        counters[SlabClasses.classOf((int) Math.min(memcachedSize, Integer.MAX_VALUE))].increment();
    }

    void add(int cls, long delta) {
        counters[cls].add(delta);
    }

    long get(int cls) {
        return counters[cls].sum();
    }

    void reset() {
        for (LongAdder counter : counters) {
            counter.reset();
        }
    }
}
