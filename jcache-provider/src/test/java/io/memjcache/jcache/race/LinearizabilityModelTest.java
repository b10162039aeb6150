package io.memjcache.jcache.race;

import static org.junit.jupiter.api.Assertions.fail;

import io.memjcache.jcache.BackendTestSupport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized model test: in each of 150 rounds, three callers (on two cache managers sharing a namespace) make four
 * random JCache calls each on two fresh keys, recording when each call started and returned and what it returned.
 * Per key, the round's history must be linearizable against a sequential map ({@link Linearizability}), ending at
 * the value read afterwards. Small rounds keep the search exact and cheap; the seed is printed on failure.
 */
class LinearizabilityModelTest extends BackendTestSupport {

    private static final int ROUNDS = 150;
    private static final int CALLERS = 3;
    private static final int CALLS_PER_CALLER = 4;
    private static final int KEYS = 2;
    private static final String[] VALUES = {"1", "2", "3"};

    @ParameterizedTest
    @MethodSource("backends")
    void everyKeysHistoryIsLinearizable(String backend) throws Exception {
        String namespace = uniqueUri().toString();
        List<Cache<String, String>> caches = List.of(cache(backend, namespace), cache(backend, namespace));
        long seed = System.nanoTime();
        SplittableRandom seeds = new SplittableRandom(seed);
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        int failed = 0;
        String first = null;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String prefix = "model-" + seed + "-" + round + "-";
                List<List<Linearizability.Call>> histories = round(caches, prefix, seeds.split(), threads);
                for (int key = 0; key < KEYS; key++) {
                    String end = caches.get(0).get(prefix + key);
                    List<Linearizability.Call> history = histories.get(key);
                    if (!Linearizability.check(history, end)) {
                        failed++;
                        first = first != null
                                ? first
                                : "round " + round + " key " + key + ": " + history + " ending at " + end;
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
        if (first != null) {
            fail(failed + " of " + ROUNDS * KEYS + " key histories are not linearizable (seed " + seed
                    + "); the first: " + first);
        }
    }

    /** One round: the callers released together; @return the calls per key, in no order */
    private static List<List<Linearizability.Call>> round(
            List<Cache<String, String>> caches, String prefix, SplittableRandom random, ExecutorService threads)
            throws Exception {
        List<List<Linearizability.Call>> histories = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            histories.add(Collections.synchronizedList(new ArrayList<>()));
        }
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<?>> callers = new ArrayList<>();
        for (int caller = 0; caller < CALLERS; caller++) {
            Cache<String, String> cache = caches.get(caller % caches.size());
            SplittableRandom own = random.split();
            callers.add(threads.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                for (int call = 0; call < CALLS_PER_CALLER; call++) {
                    int key = own.nextInt(KEYS);
                    ModelOp op = ModelOp.KEYED.get(own.nextInt(ModelOp.KEYED.size()));
                    String value = VALUES[own.nextInt(VALUES.length)];
                    String expected = VALUES[own.nextInt(VALUES.length)];
                    long invoked = System.nanoTime();
                    String result = op.run(cache, prefix + key, value, expected);
                    long returned = System.nanoTime();
                    histories.get(key).add(new Linearizability.Call(op, value, expected, result, invoked, returned));
                }
                return null;
            }));
        }
        for (Future<?> caller : callers) {
            caller.get(60, TimeUnit.SECONDS);
        }
        return histories;
    }

    private Cache<String, String> cache(String backend, String namespace) {
        return managerInNamespace(backend, namespace)
                .createCache("model", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }
}
