package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.ReplicationStats;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three real memcached processes, or three bundled servers, two replicas, a mixed load of several threads: one server is killed (SIGKILL),
 * restarted empty, or silenced (SIGSTOP) and resumed, and every read is checked against what the callers were told
 * ({@link ReplicaLoad}): nothing acknowledged is lost while a replica survives, nothing removed or cleared comes
 * back, reads keep succeeding within the timeouts. Each test prints one line with its counts and the time from the
 * signal until the client marked the server down.
 */
@Timeout(120)
class ReplicationFailoverTest {

    private static final int THREADS = 4;
    private static final int KEYS_PER_THREAD = 60;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(30);

    private ReplicaFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @ParameterizedTest(name = "{0}: server {1} is killed")
    @CsvSource({"memcached,0", "memcached,1", "memcached,2", "memjcache,0", "memjcache,1", "memjcache,2"})
    void everyAcknowledgedEntrySurvivesTheKillOfAnyServer(String backend, int victim) throws InterruptedException {
        Run run = startUnderLoad(backend, "kill");
        MemjcacheCacheManager manager = run.manager();
        ReplicaLoad load = run.load();
        Duration detection = signalUnderLoad(run, () -> fleet.kill(victim), victim);
        load.awaitOperations(3_000, PHASE_LIMIT);
        load.stop();
        load.verifyAll();

        report(backend + ": kill server " + victim, manager, load, detection);
        assertEquals(List.of(), load.violations());
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0, "the victim's keys were read from replicas");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReplicaFleet.MEMCACHED, ReplicaFleet.BUNDLED})
    void aServerRestartedEmptyNeverServesStaleOrClearedEntries(String backend) throws InterruptedException {
        int victim = 1;
        Run run = startUnderLoad(backend, "restart");
        MemjcacheCacheManager manager = run.manager();
        Cache<String, String> cache = run.cache();
        ReplicaLoad load = run.load();
        Duration detection = signalUnderLoad(run, () -> fleet.kill(victim), victim);
        load.awaitOperations(1_500, PHASE_LIMIT);
        load.stop();

        fleet.restart(victim);
        // The victim's own keys are gone from it, and a miss on a live owner is a miss.
        load.allowAbsent(ownedBy(manager, "restart", load.keys(), victim));
        load.start();
        load.awaitOperations(1_500, PHASE_LIMIT);
        load.stop();
        awaitClear(cache);
        load.cleared();
        load.verifyAll();
        load.start();
        load.awaitOperations(1_500, PHASE_LIMIT);
        load.stop();
        load.verifyAll();

        report(backend + ": restart server " + victim + " empty, clear", manager, load, detection);
        assertEquals(List.of(), load.violations());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReplicaFleet.MEMCACHED, ReplicaFleet.BUNDLED})
    void aSilentServerKeepsReadsWithinTheTimeoutsAndItsOldDataNeverComesBack(String backend)
            throws InterruptedException {
        int victim = 2;
        Run run = startUnderLoad(backend, "silent");
        MemjcacheCacheManager manager = run.manager();
        Cache<String, String> cache = run.cache();
        ReplicaLoad load = run.load();
        Duration detection = signalUnderLoad(run, () -> fleet.silence(victim), victim);
        load.awaitOperations(2_000, PHASE_LIMIT);
        load.stop();

        // A clear cannot reach the silent server: it says so, and this manager completes it there before using it.
        CacheException failure = assertThrows(CacheException.class, cache::clear);
        assertTrue(String.valueOf(failure.getMessage()).contains("not cleared"), failure.getMessage());
        load.cleared();
        load.start();
        load.awaitOperations(1_500, PHASE_LIMIT);
        fleet.resume(victim);
        ReplicaLoad.awaitTrue(
                () -> !ReplicaFleet.isMarkedDown(manager, victim) && writable(cache, manager, victim),
                ReplicaFleet.RECOVERY_LIMIT,
                "the resumed server takes writes again");
        load.awaitOperations(1_500, PHASE_LIMIT);
        load.stop();
        load.verifyAll();

        // Another server dies: its keys are read from replicas, the resumed one among them, whose old copies of
        // entries removed, changed or cleared while it was silent must not show.
        int other = (victim + 1) % 3;
        fleet.kill(other);
        load.verifyAll();

        report(
                backend + ": silence server " + victim + ", clear, resume, kill server " + other,
                manager,
                load,
                detection);
        assertEquals(List.of(), load.violations());
        assertTrue(ReplicaFleet.stats(manager).replicaReads() > 0, "the silent server's keys were read from replicas");
    }

    /** A manager, its cache and the load running on it. */
    private record Run(MemjcacheCacheManager manager, Cache<String, String> cache, ReplicaLoad load) {}

    /** Starts the fleet and a load on a cache of a manager with two replicas, every key written first. */
    private Run startUnderLoad(String backend, String cacheName) {
        fleet = ReplicaFleet.start(backend);
        MemjcacheCacheManager manager = fleet.manager();
        Cache<String, String> cache = ReplicaFleet.cache(manager, cacheName);
        ReplicaLoad load = new ReplicaLoad(cache, THREADS, KEYS_PER_THREAD);
        load.preload();
        load.readsMustSucceed(true);
        load.start();
        return new Run(manager, cache, load);
    }

    /**
     * Lets the load run a while, signals server {@code victim}, and waits until the manager marks it down.
     *
     * @return the time from the signal until the server was marked down
     */
    private static Duration signalUnderLoad(Run run, Runnable signal, int victim) {
        run.load().awaitOperations(1_000, PHASE_LIMIT);
        long signalled = System.nanoTime();
        signal.run();
        return timeUntilMarkedDown(run.manager(), victim, signalled);
    }

    /** @return whether a write of a key owned by server {@code index} succeeds now */
    private boolean writable(Cache<String, String> cache, MemjcacheCacheManager manager, int index) {
        for (int i = 0; ; i++) {
            String key = "probe-" + i;
            if (fleet.placement(manager, cache.getName(), key).get(0) == index) {
                try {
                    cache.put(key, "up");
                    return true;
                } catch (CacheException e) {
                    return false;
                }
            }
        }
    }

    private Set<String> ownedBy(MemjcacheCacheManager manager, String cacheName, Set<String> keys, int index) {
        Set<String> owned = new HashSet<>();
        for (String key : keys) {
            if (fleet.placement(manager, cacheName, key).get(0) == index) {
                owned.add(key);
            }
        }
        return owned;
    }

    /** Clears once every server answers again (the restarted one may still be skipped for its retry delay). */
    private static void awaitClear(Cache<String, String> cache) {
        long deadline = System.nanoTime() + ReplicaFleet.RECOVERY_LIMIT.toNanos();
        while (true) {
            try {
                cache.clear();
                return;
            } catch (CacheException e) {
                assertTrue(System.nanoTime() < deadline, "clear still failing: " + e.getMessage());
                Thread.onSpinWait();
            }
        }
    }

    private static Duration timeUntilMarkedDown(MemjcacheCacheManager manager, int index, long signalledNanos) {
        ReplicaLoad.awaitTrue(
                () -> ReplicaFleet.isMarkedDown(manager, index),
                Duration.ofSeconds(20),
                "server " + index + " marked down");
        return Duration.ofNanos(System.nanoTime() - signalledNanos);
    }

    private static void report(String what, MemjcacheCacheManager manager, ReplicaLoad load, Duration detection) {
        ReplicationStats stats = ReplicaFleet.stats(manager);
        System.out.println("replication [" + what + "]: calls=" + load.operations() + " clientOperations="
                + stats.operations() + " replicaReads=" + stats.replicaReads() + " clientFailures="
                + stats.failures() + " callFailures=" + load.failures() + " markedDownAfter="
                + detection.toMillis() + "ms slowestRead=" + load.slowestRead().toMillis() + "ms");
    }
}
