package io.memjcache.jcache.management;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache in this JVM, with the semantics of JSR-107 1.1's {@link CacheStatisticsMXBean}: gets
 * are hits plus misses, percentages run from 0 to 100 (0 while there were no gets), and average times are in
 * microseconds (0 while nothing was timed). Statistics are per JVM: other processes sharing the memcached servers
 * keep their own.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s, so recording from many threads does not contend. A read that
 * races with recording may see one counter updated and another not yet; {@link #clear()} racing with recording may
 * keep some of the concurrent records. Both are acceptable for monitoring. No method accepts or returns {@code null}.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

    private static final float NANOS_PER_MICRO = TimeUnit.MICROSECONDS.toNanos(1);

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getTimeNanos = new LongAdder();
    private final LongAdder putTimeNanos = new LongAdder();
    private final LongAdder removeTimeNanos = new LongAdder();

    /** Creates statistics with every counter at zero. */
    public CacheStatistics() {}

    /** @param count gets that found an entry (at least 0) */
    public void recordHits(long count) {
        hits.add(requireNonNegative(count, "hits"));
    }

    /** @param count gets that found no entry (at least 0) */
    public void recordMisses(long count) {
        misses.add(requireNonNegative(count, "misses"));
    }

    /** @param count entries stored (at least 0) */
    public void recordPuts(long count) {
        puts.add(requireNonNegative(count, "puts"));
    }

    /** @param count entries removed (at least 0) */
    public void recordRemovals(long count) {
        removals.add(requireNonNegative(count, "removals"));
    }

    /** @param count entries evicted (at least 0) */
    public void recordEvictions(long count) {
        evictions.add(requireNonNegative(count, "evictions"));
    }

    /** @param nanos time spent in a get operation, in nanoseconds (at least 0) */
    public void recordGetTime(long nanos) {
        getTimeNanos.add(requireNonNegative(nanos, "get time"));
    }

    /** @param nanos time spent in a put operation, in nanoseconds (at least 0) */
    public void recordPutTime(long nanos) {
        putTimeNanos.add(requireNonNegative(nanos, "put time"));
    }

    /** @param nanos time spent in a remove operation, in nanoseconds (at least 0) */
    public void recordRemoveTime(long nanos) {
        removeTimeNanos.add(requireNonNegative(nanos, "remove time"));
    }

    /** Sets every counter and time back to zero. */
    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        evictions.reset();
        getTimeNanos.reset();
        putTimeNanos.reset();
        removeTimeNanos.reset();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        return percentage(hits.sum(), misses.sum());
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        return percentage(misses.sum(), hits.sum());
    }

    @Override
    public long getCacheGets() {
        return hits.sum() + misses.sum();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        return averageMicros(getTimeNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return averageMicros(putTimeNanos.sum(), puts.sum());
    }

    @Override
    public float getAverageRemoveTime() {
        return averageMicros(removeTimeNanos.sum(), removals.sum());
    }

    @Override
    public String toString() {
        return "CacheStatistics[hits=" + getCacheHits() + ", misses=" + getCacheMisses() + ", puts=" + getCachePuts()
                + ", removals=" + getCacheRemovals() + ", evictions=" + getCacheEvictions() + "]";
    }

    private static float percentage(long part, long rest) {
        long total = part + rest;
        return total == 0 ? 0f : (float) (part * 100.0 / total);
    }

    private static float averageMicros(long totalNanos, long operations) {
        return operations == 0 ? 0f : (float) ((double) totalNanos / operations / NANOS_PER_MICRO);
    }

    private static long requireNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
        return value;
    }
}
