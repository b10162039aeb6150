package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replicated read completes within one operation timeout even while the key's owner is silent (SIGSTOP, or a
 * frozen proxy in front of the bundled server) and not
 * yet marked down: three real memcached processes, two replicas, several threads reading only the silent owner's
 * keys, each call timed. The owner is silenced with connections open (so no connect allowance applies) and stays
 * silent across several retry delays, so reads meet it again each time the client retries it. Every read must
 * return the value written, from the replica, within {@link ReplicaFleet#OP_TIMEOUT} plus {@link #MARGIN} for a busy
 * machine.
 */
@Timeout(60)
class SilentOwnerReadBoundTest {

    /** Room for a machine whose CPU is shared with other builds: scheduling, not waiting for a server. */
    static final Duration MARGIN = Duration.ofMillis(100);

    private static final int VICTIM = 0;
    private static final int THREADS = 4;
    private static final Duration SILENCE = Duration.ofSeconds(3);

    private ReplicaFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReplicaFleet.MEMCACHED, ReplicaFleet.BUNDLED})
    void everyReadOfASilentOwnersKeysReturnsTheReplicasValueWithinTheOperationTimeout(String backend)
            throws InterruptedException {
        fleet = ReplicaFleet.start(backend);
        MemjcacheCacheManager manager = fleet.manager();
        Cache<String, String> cache = ReplicaFleet.cache(manager, "bound");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; values.size() < 40; i++) {
            String key = "key-" + i;
            if (fleet.placement(manager, "bound", key).get(0) == VICTIM) {
                values.put(key, "value-" + i);
            }
        }
        cache.putAll(values);
        List<String> keys = new ArrayList<>(values.keySet());
        keys.forEach(cache::get); // every shared connection to the victim is open before it falls silent

        fleet.silence(VICTIM);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong calls = new AtomicLong();
        AtomicLong slowestNanos = new AtomicLong();
        long bound = ReplicaFleet.OP_TIMEOUT.plus(MARGIN).toNanos();
        long end = System.nanoTime() + SILENCE.toNanos();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            Thread reader = new Thread(() -> {
                for (int i = offset; System.nanoTime() < end; i++) {
                    String key = keys.get(i % keys.size());
                    long start = System.nanoTime();
                    String read;
                    try {
                        read = cache.get(key);
                    } catch (RuntimeException e) {
                        violations.add(key + " failed: " + e);
                        continue;
                    }
                    long took = System.nanoTime() - start;
                    calls.incrementAndGet();
                    slowestNanos.accumulateAndGet(took, Math::max);
                    if (!values.get(key).equals(read)) {
                        violations.add(key + " read " + read);
                    }
                    if (took > bound) {
                        violations.add(key + " took " + took / 1_000_000 + " ms");
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }

        System.out.println(
                "[replication] " + backend + ": silent owner, " + THREADS + " readers: calls=" + calls + " slowest="
                        + slowestNanos.get() / 1_000_000 + " ms (bound " + bound / 1_000_000 + " ms) "
                        + ReplicaFleet.stats(manager));
        assertEquals(List.of(), List.copyOf(violations), violations.size() + " of " + calls + " reads");
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0, "the replica served the reads");
    }
}
