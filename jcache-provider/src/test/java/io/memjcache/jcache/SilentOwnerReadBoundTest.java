package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * machine. Bulk reads ({@code getAll}) of keys on every server are bounded alike.
 */
@Timeout(60)
class SilentOwnerReadBoundTest {

    /** Room for a machine whose CPU is shared with other builds: scheduling, not waiting for a server. */
    static final Duration MARGIN = Duration.ofMillis(100);

    private static final int VICTIM = 0;
    private static final int THREADS = 4;
    private static final Duration SILENCE = Duration.ofSeconds(3);

    private ReplicaFleet fleet;
    private MemjcacheCacheManager manager;
    private Cache<String, String> cache;

    /**
     * Starts a fleet of {@code backend} and puts values into its cache {@code name}, as {@link #values} chooses.
     *
     * @return the values put
     */
    private Map<String, String> start(String backend, String name, int perOwner, boolean victimOnly) {
        fleet = ReplicaFleet.start(backend);
        manager = fleet.manager();
        cache = ReplicaFleet.cache(manager, name);
        Map<String, String> values = values(name, perOwner, victimOnly);
        cache.putAll(values);
        return values;
    }

    /**
     * @param victimOnly whether to take only keys {@link #VICTIM} owns, or keys of every server
     * @return values of keys of cache {@code name}, {@code perOwner} keys of each owner taken
     */
    private Map<String, String> values(String name, int perOwner, boolean victimOnly) {
        Map<String, String> values = new LinkedHashMap<>();
        int[] owned = new int[3];
        for (int i = 0; (victimOnly ? owned[VICTIM] : Arrays.stream(owned).min().orElseThrow()) < perOwner; i++) {
            String key = "key-" + i;
            int owner = fleet.placement(manager, name, key).get(0);
            if (owner == VICTIM || !victimOnly) {
                owned[owner]++;
                values.put(key, "value-" + i);
            }
        }
        return values;
    }

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
        Map<String, String> values = start(backend, "bound", 40, true);
        List<String> keys = new ArrayList<>(values.keySet());
        keys.forEach(cache::get); // every shared connection to the victim is open before it falls silent

        fleet.silence(VICTIM);
        readWhileSilent(backend + ", get", i -> {
            String key = keys.get(i % keys.size());
            String read = cache.get(key);
            return values.get(key).equals(read) ? List.of() : List.of(key + " read " + read);
        });
    }

    /**
     * A bulk read of keys owned by every server, the silent one included, waits for the silent owner's batch at
     * most half the operation timeout, the other servers' batches in parallel, and reads the silent owner's keys
     * from their replicas with the rest: the whole call within one operation timeout.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReplicaFleet.MEMCACHED, ReplicaFleet.BUNDLED})
    void everyBulkReadOfKeysOnEveryServerReturnsEveryValueWithinTheOperationTimeout(String backend)
            throws InterruptedException {
        Map<String, String> values = start(backend, "bulk-bound", 10, false);
        assertEquals(values, cache.getAll(values.keySet())); // every server's connections open before the silence

        fleet.silence(VICTIM);
        long start = System.nanoTime();
        assertEquals(values, cache.getAll(values.keySet()));
        long took = System.nanoTime() - start;
        // It gave up on the owner's batch before that batch's own timeout, which marks the owner down.
        assertFalse(
                ReplicaFleet.isMarkedDown(manager, VICTIM),
                "the first getAll after the silence waited for the silent owner's timeout: it took " + took / 1_000_000
                        + " ms");
        readWhileSilent(backend + ", getAll of " + values.size() + " keys", i -> {
            Map<String, String> read = cache.getAll(values.keySet());
            return values.equals(read)
                    ? List.of()
                    : List.of("getAll read " + read.size() + " of " + values.size() + " values, or others");
        });
    }

    /** One read of the test, its iteration given: @return what it read wrong, nothing when all was right */
    @FunctionalInterface
    private interface TimedRead {
        List<String> read(int iteration);
    }

    /**
     * With {@link #VICTIM} silenced, runs {@code read} on {@link #THREADS} threads for {@link #SILENCE}, timing each
     * call: every call must read right within {@link ReplicaFleet#OP_TIMEOUT} plus {@link #MARGIN}, and the replica
     * must have served reads.
     */
    private void readWhileSilent(String label, TimedRead read) throws InterruptedException {
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
                    long start = System.nanoTime();
                    List<String> wrong;
                    try {
                        wrong = read.read(i);
                    } catch (RuntimeException e) {
                        violations.add("call " + i + " failed: " + e);
                        continue;
                    }
                    long took = System.nanoTime() - start;
                    calls.incrementAndGet();
                    slowestNanos.accumulateAndGet(took, Math::max);
                    violations.addAll(wrong);
                    if (took > bound) {
                        violations.add("call " + i + " took " + took / 1_000_000 + " ms");
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
                "[replication] " + label + ": silent owner, " + THREADS + " readers: calls=" + calls + " slowest="
                        + slowestNanos.get() / 1_000_000 + " ms (bound " + bound / 1_000_000 + " ms) "
                        + ReplicaFleet.stats(manager));
        assertEquals(List.of(), List.copyOf(violations), violations.size() + " of " + calls + " calls");
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0, "the replica served the reads");
    }
}
