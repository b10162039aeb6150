package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conditional operations stay atomic with replicas: managers of separate providers (standing for separate JVMs)
 * race putIfAbsent, then remove(key, value), on the same keys, and exactly one wins each race; the winners'
 * decisions are what the replicas keep, so once the owner of the keys is killed the replicas serve exactly the
 * winning values, and nothing for the keys whose winning remove deleted them.
 */
@Timeout(120)
class ReplicatedConditionalRaceTest {

    private static final int RACERS = 4;
    private static final int ROUNDS = 150;
    private static final String CACHE = "race";

    @Test
    void exactlyOneWinnerPerRaceAndTheReplicasServeTheWinnersOnceTheOwnerDies() throws Exception {
        try (ReplicaFleet fleet = ReplicaFleet.start()) {
            List<Cache<String, String>> caches = new ArrayList<>();
            List<MemjcacheCacheManager> managers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                MemjcacheCacheManager manager = fleet.manager();
                managers.add(manager);
                caches.add(ReplicaFleet.cache(manager, CACHE));
            }
            ExecutorService pool = Executors.newFixedThreadPool(RACERS);
            try {
                Map<String, String> expected = new HashMap<>();
                CyclicBarrier start = new CyclicBarrier(RACERS);
                for (int round = 0; round < ROUNDS; round++) {
                    String key = "race-" + round;
                    int thisRound = round;
                    List<Future<Boolean>> puts = race(pool, start, racer -> caches.get(racer)
                            .putIfAbsent(key, "racer-" + racer + "-round-" + thisRound));
                    String winner = only(puts, "putIfAbsent " + key);
                    for (Cache<String, String> cache : caches) {
                        assertEquals(winner, cache.get(key), "every manager reads the winner of " + key);
                    }
                    if (round % 2 == 1) {
                        List<Future<Boolean>> removes =
                                race(pool, start, racer -> caches.get(racer).remove(key, winner));
                        only(removes, "remove " + key);
                        expected.put(key, null);
                    } else {
                        expected.put(key, winner);
                    }
                }
                int victim = 0;
                int onVictim = 0;
                fleet.kill(victim);
                for (Map.Entry<String, String> entry : expected.entrySet()) {
                    if (fleet.placement(managers.get(0), CACHE, entry.getKey()).get(0) != victim) {
                        continue;
                    }
                    onVictim++;
                    for (Cache<String, String> cache : caches) {
                        assertEquals(entry.getValue(), cache.get(entry.getKey()), "replica of " + entry.getKey());
                    }
                }
                assertTrue(onVictim >= 20, "the victim owned " + onVictim + " of the keys");
                long replicaReads = managers.stream()
                        .mapToLong(m -> ReplicaFleet.stats(m).replicaReads())
                        .sum();
                System.out.println("replication [conditional races, " + RACERS + " managers x " + ROUNDS
                        + " rounds, owner killed]: keysOnVictim=" + onVictim + " replicaReads=" + replicaReads
                        + " stats of the first manager: " + ReplicaFleet.stats(managers.get(0)));
                assertEquals(onVictim * (long) RACERS, replicaReads, "each read of the victim's keys by a replica");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Plain puts race on each key from several managers; whatever order their copies reach the replica in, the
     * replica keeps the owner's last value, which is what is read once the owner dies.
     */
    @Test
    void racingPutsLeaveTheOwnersLastValueOnTheReplicas() throws Exception {
        try (ReplicaFleet fleet = ReplicaFleet.start()) {
            List<Cache<String, String>> caches = new ArrayList<>();
            List<MemjcacheCacheManager> managers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                managers.add(fleet.manager());
                caches.add(ReplicaFleet.cache(managers.get(i), CACHE));
            }
            ExecutorService pool = Executors.newFixedThreadPool(RACERS);
            try {
                Map<String, String> onOwner = new HashMap<>();
                CyclicBarrier start = new CyclicBarrier(RACERS);
                for (int round = 0; round < ROUNDS; round++) {
                    String key = "put-race-" + round;
                    List<Future<Boolean>> puts = race(pool, start, racer -> {
                        for (int i = 0; i < 3; i++) {
                            caches.get(racer).put(key, "racer-" + racer + "-put-" + i);
                        }
                        return true;
                    });
                    for (Future<Boolean> put : puts) {
                        put.get();
                    }
                    onOwner.put(key, caches.get(0).get(key));
                }
                int victim = 1;
                fleet.kill(victim);
                int onVictim = 0;
                for (Map.Entry<String, String> entry : onOwner.entrySet()) {
                    if (fleet.placement(managers.get(0), CACHE, entry.getKey()).get(0) == victim) {
                        onVictim++;
                        assertEquals(
                                entry.getValue(), caches.get(0).get(entry.getKey()), "replica of " + entry.getKey());
                    }
                }
                assertTrue(onVictim >= 20, "the victim owned " + onVictim + " of the keys");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A racer's attempt: returns whether it won. */
    @FunctionalInterface
    private interface Attempt {
        boolean attempt(int racer) throws Exception;
    }

    private static List<Future<Boolean>> race(ExecutorService pool, CyclicBarrier start, Attempt attempt) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int racer = 0; racer < RACERS; racer++) {
            int id = racer;
            Callable<Boolean> call = () -> {
                start.await();
                return attempt.attempt(id);
            };
            results.add(pool.submit(call));
        }
        return results;
    }

    /** @return the value the single winner wrote (for putIfAbsent), after checking exactly one won */
    private static String only(List<Future<Boolean>> results, String what) throws Exception {
        int winners = 0;
        int winner = -1;
        for (int racer = 0; racer < results.size(); racer++) {
            if (results.get(racer).get()) {
                winners++;
                winner = racer;
            }
        }
        assertEquals(1, winners, "exactly one winner of " + what);
        return "racer-" + winner + "-round-" + what.substring(what.lastIndexOf('-') + 1);
    }
}
