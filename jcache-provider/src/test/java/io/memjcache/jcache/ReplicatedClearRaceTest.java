package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clear()} racing a live load with two replicas (three real memcached processes, or bundled servers): writers put and remove,
 * readers read, one thread clears back to back; then a server is killed and the readers go on, now served by
 * replicas for its keys. Nothing written before a clear started may be read by a read that started after that clear
 * completed, neither from an owner nor from a replica's copy.
 *
 * <p>Each value names its write; when the write returns, the writer records how many clears had started by then. A
 * clear counted after that started after the write returned, so a read that begins once that clear has completed
 * must not see the value.
 */
@Timeout(60)
class ReplicatedClearRaceTest {

    private static final int KEYS = 30;
    private static final int WRITERS = 3;
    private static final int READERS = 2;
    private static final int VICTIM = 2;
    private static final int CLEARS = 20;
    private static final int READS = 1_000;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(20);

    private final AtomicLong clearsStarted = new AtomicLong();
    private final AtomicLong clearsCompleted = new AtomicLong();
    /** Per value written, the clears started when its write returned. */
    private final Map<String, Long> startedWhenWritten = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private ReplicaFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReplicaFleet.MEMCACHED, ReplicaFleet.BUNDLED})
    void nothingWrittenBeforeAClearIsReadAfterItEvenOnceAServerIsKilled(String backend) throws InterruptedException {
        fleet = ReplicaFleet.start(backend);
        MemjcacheCacheManager manager = fleet.manager();
        Cache<String, String> cache = ReplicaFleet.cache(manager, "clear-race");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean clearing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(start(() -> {
                for (long seq = 0; running.get(); seq++) {
                    write(cache, "w" + writer + "-" + seq);
                }
            }));
        }
        for (int r = 0; r < READERS; r++) {
            threads.add(start(() -> {
                while (running.get()) {
                    read(cache);
                }
            }));
        }
        threads.add(start(() -> {
            while (clearing.get()) {
                clearsStarted.incrementAndGet();
                try {
                    cache.clear();
                    clearsCompleted.incrementAndGet();
                } catch (CacheException e) {
                    failures.incrementAndGet(); // a server is down: the clear did not complete
                }
            }
        }));

        ReplicaLoad.awaitTrue(
                () -> clearsCompleted.get() >= CLEARS && reads.get() >= READS, PHASE_LIMIT, "clears under load");
        long clearsBeforeKill = clearsCompleted.get();
        long readsBeforeKill = reads.get();
        fleet.kill(VICTIM);
        ReplicaLoad.awaitTrue(
                () -> reads.get() >= readsBeforeKill + READS
                        && ReplicaFleet.stats(manager).replicaReads() >= READS / 10,
                PHASE_LIMIT,
                "reads after the kill");
        clearing.set(false);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }

        System.out.println("[replication] " + backend + ": clear race: clears=" + clearsBeforeKill
                + " before the kill, reads=" + reads + " failed calls=" + failures + " " + ReplicaFleet.stats(manager));
        assertEquals(List.of(), List.copyOf(violations));
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0, "the victim's keys were read from replicas");
    }

    private void write(Cache<String, String> cache, String value) {
        String key = "key-" + ThreadLocalRandom.current().nextInt(KEYS);
        try {
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                cache.remove(key);
            } else {
                cache.put(key, value);
                startedWhenWritten.put(value, clearsStarted.get());
            }
        } catch (CacheException e) {
            failures.incrementAndGet(); // the key's owner is down: nothing acknowledged
        }
    }

    private void read(Cache<String, String> cache) {
        String key = "key-" + ThreadLocalRandom.current().nextInt(KEYS);
        long completedBefore = clearsCompleted.get();
        String value;
        try {
            value = cache.get(key);
        } catch (CacheException e) {
            failures.incrementAndGet();
            return;
        }
        reads.incrementAndGet();
        Long started = value == null ? null : startedWhenWritten.get(value);
        if (started != null && started < completedBefore) {
            violations.add(key + " read " + value + ", written before clear " + (started + 1) + " of the "
                    + completedBefore + " completed before the read");
        }
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }
}
