package io.memjcache.benchmarks.jcache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Runs one operation in a loop on a number of threads for a fixed time and records each call's latency in an
 * HdrHistogram. Each thread records into a histogram of its own (no shared state on the measured path); they are
 * merged when the phase ends. A call that throws counts as failed and is not recorded; the first failure is kept so
 * that the harness can say why. Stateless; each {@link #run} is independent and blocks until its threads finish.
 */
final class LoadDriver {

    /** Latencies above this (in nanoseconds) are recorded as this; nothing sane takes longer. */
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One call of the measured operation. */
    @FunctionalInterface
    interface Op {
        void call(ThreadLocalRandom random) throws Exception;
    }

    /**
     * What one phase did.
     *
     * @param calls the calls that returned normally
     * @param failures the calls that threw
     * @param elapsedNanos the phase's length, from the common start to the last thread's end
     * @param latencies the latency of every call that returned normally, in nanoseconds
     * @param firstFailure the first failure, or null if none
     */
    record Phase(
            long calls,
            long failures,
            long elapsedNanos,
            Histogram latencies,
            @Nullable Exception firstFailure) {

        double callsPerSecond() {
            return calls * 1e9 / elapsedNanos;
        }

        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private LoadDriver() {}

    static Phase run(int threads, Duration length, Op op) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long[] calls = new long[threads];
        long[] failures = new long[threads];
        Histogram[] histograms = new Histogram[threads];
        AtomicReference<@Nullable Exception> firstFailure = new AtomicReference<>();
        long lengthNanos = length.toNanos();
        List<Thread> workers = new ArrayList<>(threads);
        long[] startedAt = new long[1];
        for (int t = 0; t < threads; t++) {
            int index = t;
            histograms[t] = new Histogram(HIGHEST_NANOS, 3);
            Thread worker = new Thread(
                    () -> {
                        Histogram histogram = histograms[index];
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        long ok = 0;
                        long failed = 0;
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        long deadline = startedAt[0] + lengthNanos;
                        long before = System.nanoTime();
                        while (before < deadline) {
                            try {
                                op.call(random);
                                long after = System.nanoTime();
                                histogram.recordValue(Math.min(after - before, HIGHEST_NANOS));
                                ok++;
                                before = after;
                            } catch (Exception e) {
                                failed++;
                                firstFailure.compareAndSet(null, e);
                                before = System.nanoTime();
                            }
                        }
                        calls[index] = ok;
                        failures[index] = failed;
                    },
                    "load-" + t);
            workers.add(worker);
            worker.start();
        }
        startedAt[0] = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - startedAt[0];
        Histogram merged = new Histogram(HIGHEST_NANOS, 3);
        long totalCalls = 0;
        long totalFailures = 0;
        for (int t = 0; t < threads; t++) {
            merged.add(histograms[t]);
            totalCalls += calls[t];
            totalFailures += failures[t];
        }
        return new Phase(totalCalls, totalFailures, elapsed, merged, firstFailure.get());
    }
}
