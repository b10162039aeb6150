package io.memjcache.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CacheStatisticsTest {

    private final CacheStatistics statistics = new CacheStatistics();

    @Test
    void startsAtZeroWithoutDividingByZero() {
        assertEquals(0, statistics.getCacheGets());
        assertEquals(0f, statistics.getCacheHitPercentage());
        assertEquals(0f, statistics.getCacheMissPercentage());
        assertEquals(0f, statistics.getAverageGetTime());
        assertEquals(0f, statistics.getAveragePutTime());
        assertEquals(0f, statistics.getAverageRemoveTime());
    }

    @Test
    void getsAreHitsPlusMissesAndPercentagesRunToOneHundred() {
        statistics.recordHits(3);
        statistics.recordMisses(1);

        assertEquals(3, statistics.getCacheHits());
        assertEquals(1, statistics.getCacheMisses());
        assertEquals(4, statistics.getCacheGets());
        assertEquals(75f, statistics.getCacheHitPercentage());
        assertEquals(25f, statistics.getCacheMissPercentage());
    }

    @Test
    void averagesAreMicrosecondsPerOperation() {
        statistics.recordHits(1);
        statistics.recordMisses(3);
        statistics.recordGetTime(10_000); // 10 µs over 4 gets
        statistics.recordPuts(2);
        statistics.recordPutTime(3_000);
        statistics.recordRemovals(4);
        statistics.recordRemoveTime(2_000_000);

        assertEquals(2.5f, statistics.getAverageGetTime());
        assertEquals(1.5f, statistics.getAveragePutTime());
        assertEquals(500f, statistics.getAverageRemoveTime());
    }

    @Test
    void countsEveryKindSeparately() {
        statistics.recordPuts(5);
        statistics.recordRemovals(2);
        statistics.recordEvictions(7);

        assertEquals(5, statistics.getCachePuts());
        assertEquals(2, statistics.getCacheRemovals());
        assertEquals(7, statistics.getCacheEvictions());
        assertEquals(0, statistics.getCacheGets());
    }

    @Test
    void clearResetsEverything() {
        statistics.recordHits(2);
        statistics.recordMisses(2);
        statistics.recordPuts(2);
        statistics.recordRemovals(2);
        statistics.recordEvictions(2);
        statistics.recordGetTime(2);
        statistics.recordPutTime(2);
        statistics.recordRemoveTime(2);

        statistics.clear();

        assertEquals(new CacheStatistics().toString(), statistics.toString());
        assertEquals(0f, statistics.getAverageGetTime());
        statistics.recordPuts(1);
        statistics.recordPutTime(1_000);
        assertEquals(1f, statistics.getAveragePutTime(), "times were reset with the counts");
    }

    @Test
    void negativeRecordsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> statistics.recordHits(-1));
        assertThrows(IllegalArgumentException.class, () -> statistics.recordGetTime(-5));
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws InterruptedException {
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    statistics.recordHits(1);
                    statistics.recordMisses(2);
                    statistics.recordGetTime(3);
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertEquals((long) threads * perThread, statistics.getCacheHits());
        assertEquals(3L * threads * perThread, statistics.getCacheGets());
        assertEquals(0.001f, statistics.getAverageGetTime(), 1e-7f);
    }
}
