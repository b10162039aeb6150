package io.memjcache.jcache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The latency histogram: its buckets, its percentiles against the exact ones, and concurrent recording. */
class LatencyRecorderTest {

    @Test
    void everyValueFallsInABucketWhoseBoundsHoldIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong(1L << random.nextInt(1, 63));
            int bucket = LatencyRecorder.bucket(value);
            assertTrue(value <= LatencyRecorder.bucketUpperBound(bucket), value + " in " + bucket);
            assertTrue(bucket == 0 || value > LatencyRecorder.bucketUpperBound(bucket - 1), value + " in " + bucket);
        }
        assertEquals(LatencyRecorder.bucketUpperBound(LatencyRecorder.bucket(Long.MAX_VALUE)), Long.MAX_VALUE);
    }

    @Test
    void percentilesAreWithinAQuarterOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(11);
        LatencyRecorder recorder = new LatencyRecorder();
        long[] values = new long[50_000];
        for (int i = 0; i < values.length; i++) {
            // Mostly tens of microseconds, a tail of milliseconds: what a cache sees.
            values[i] =
                    random.nextInt(100) < 98 ? random.nextLong(20_000, 90_000) : random.nextLong(1_000_000, 9_000_000);
            recorder.record(values[i]);
        }
        Arrays.sort(values);
        for (double quantile : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(quantile * values.length) - 1];
            long estimate = recorder.percentileNanos(quantile);
            assertTrue(estimate >= exact && estimate <= exact * 1.25, quantile + ": " + estimate + " vs " + exact);
        }
        assertEquals(values.length, recorder.count());
        assertEquals(Arrays.stream(values).sum(), recorder.totalNanos());
        assertEquals(values[values.length - 1], recorder.maxNanos());
        assertEquals(0, new LatencyRecorder().percentileNanos(0.99), "nothing recorded");
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        int threads = 8;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                LatencyRecorder recorder = new LatencyRecorder();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long value = 1000L * (t + 1);
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            recorder.record(value);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get();
                }
                assertEquals((long) threads * perThread, recorder.count(), "round " + round);
                assertEquals(1000L * perThread * threads * (threads + 1) / 2, recorder.totalNanos(), "round " + round);
                assertEquals(1000L * threads, recorder.maxNanos(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
