package io.memjcache.jcache.client;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests by latency in a log-linear histogram: {@value #SUB_BUCKETS} buckets per power of two of
 * nanoseconds, so that a percentile read back is within a quarter of the true value; plus the exact total and
 * maximum. Recording is three uncontended-cheap striped updates (a bucket's {@link LongAdder}, the total's, the
 * maximum's {@link LongAccumulator}, which writes only when the maximum grows): no lock, no allocation.
 *
 * <p>Thread-safe. Reads are snapshots that may miss requests recorded meanwhile.
 */
final class LatencyRecorder {

    private static final int SUB_BUCKET_BITS = 2;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

    private final LongAdder[] buckets = new LongAdder[64 * SUB_BUCKETS];
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    LatencyRecorder() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one request that took {@code nanos} (negative counts as 0). */
    void record(long nanos) {
        long value = Math.max(nanos, 0);
        buckets[bucket(value)].increment();
        totalNanos.add(value);
        maxNanos.accumulate(value);
    }

    /** @return the histogram bucket of a non-negative value: its power of two, then the next two bits */
    static int bucket(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int highest = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (highest - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (highest - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** @return the largest value that falls in bucket {@code index} */
    static long bucketUpperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int highest = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        long sub = index % SUB_BUCKETS;
        long lower = (1L << highest) | (sub << (highest - SUB_BUCKET_BITS));
        return lower + (1L << (highest - SUB_BUCKET_BITS)) - 1;
    }

    /** @return the requests recorded */
    long count() {
        long count = 0;
        for (LongAdder bucket : buckets) {
            count += bucket.sum();
        }
        return count;
    }

    /** @return the sum of the latencies recorded, in nanoseconds */
    long totalNanos() {
        return totalNanos.sum();
    }

    /** @return the longest latency recorded, in nanoseconds */
    long maxNanos() {
        return maxNanos.get();
    }

    /**
     * @param quantile between 0 and 1, e.g. 0.99
     * @return the latency at or below which that share of requests fall (the upper bound of its bucket, never more
     *     than the maximum), in nanoseconds; 0 if none was recorded
     */
    long percentileNanos(double quantile) {
        long[] counts = new long[buckets.length];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(bucketUpperBound(i), maxNanos());
            }
        }
        return maxNanos();
    }
}
