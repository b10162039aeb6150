package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conditional operations raced by asynchronous and blocking callers on caches of three managers sharing one
 * namespace (as three JVMs would): per round, exactly one putIfAbsent, one replace(k, old, new), one remove(k, v)
 * and one remove(k) win, and no increment made by invoke or invokeAsync, or by loops of get and
 * replace(k, old, new), is lost.
 */
class AsyncRaceTest extends BackendTestSupport {

    private static final int CALLERS = 4;
    private static final int ROUNDS = 100;
    private static final int INCREMENTS = 5;

    private static final EntryProcessor<String, Integer, Integer> INCREMENT = (entry, arguments) -> {
        int next = (entry.exists() ? entry.getValue() : 0) + 1;
        entry.setValue(next);
        return next;
    };

    /** One caller's call of a round; even callers use the asynchronous API, odd ones the blocking one. */
    private interface Call {
        boolean run(MemjcacheCache<String, Integer> cache, boolean async, int caller);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void exactlyOneWinnerPerRoundAndNoLostIncrement(String backend) throws Exception {
        String namespace = uniqueUri().toString();
        List<MemjcacheCache<String, Integer>> caches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            caches.add(cache(backend, namespace));
        }
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String key = "k" + round;
                String counter = "c" + round;
                Call putIfAbsent =
                        (c, async, i) -> either(async, () -> c.putIfAbsentAsync(key, i), () -> c.putIfAbsent(key, i));
                assertEquals(1, winners(threads, caches, putIfAbsent), "putIfAbsent, round " + round);
                int first = caches.get(0).get(key);
                Call replace = (c, async, i) ->
                        either(async, () -> c.replaceAsync(key, first, 100 + i), () -> c.replace(key, first, 100 + i));
                assertEquals(1, winners(threads, caches, replace), "replace, round " + round);
                int second = caches.get(0).get(key);
                Call remove =
                        (c, async, i) -> either(async, () -> c.removeAsync(key, second), () -> c.remove(key, second));
                assertEquals(1, winners(threads, caches, remove), "remove(k, v), round " + round);
                caches.get(2).put(key, round);
                Call removeAny = (c, async, i) -> either(async, () -> c.removeAsync(key), () -> c.remove(key));
                assertEquals(1, winners(threads, caches, removeAny), "remove(k), round " + round);
                String casCounter = "r" + round;
                caches.get(0).put(casCounter, 0);
                winners(threads, caches, (c, async, i) -> {
                    for (int n = 0; n < INCREMENTS; n++) {
                        casIncrement(c, async, casCounter);
                    }
                    return true;
                });
                assertEquals(CALLERS * INCREMENTS, caches.get(2).get(casCounter), "replace loops, round " + round);
                winners(threads, caches, (c, async, i) -> {
                    for (int n = 0; n < INCREMENTS; n++) {
                        either(async, () -> c.invokeAsync(counter, INCREMENT), () -> c.invoke(counter, INCREMENT));
                    }
                    return true;
                });
                assertEquals(CALLERS * INCREMENTS, caches.get(1).get(counter), "increments, round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Adds one to the counter with a loop of reads and replace(k, old, new) until one replace wins. */
    private static void casIncrement(MemjcacheCache<String, Integer> cache, boolean async, String counter) {
        while (true) {
            int seen = either(async, () -> cache.getAsync(counter), () -> cache.get(counter));
            if (either(
                    async,
                    () -> cache.replaceAsync(counter, seen, seen + 1),
                    () -> cache.replace(counter, seen, seen + 1))) {
                return;
            }
        }
    }

    /** @return the outcome of the asynchronous call, waited for, or of the blocking one */
    private static <T> T either(boolean async, Supplier<CompletionStage<T>> asyncCall, Supplier<T> blockingCall) {
        return async ? asyncCall.get().toCompletableFuture().join() : blockingCall.get();
    }

    /** @return how many callers' calls returned true, the callers started together */
    private static int winners(ExecutorService threads, List<MemjcacheCache<String, Integer>> caches, Call call)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int caller = i;
            MemjcacheCache<String, Integer> cache = caches.get(caller % caches.size());
            results.add(threads.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return call.run(cache, caller % 2 == 0, caller);
            }));
        }
        int won = 0;
        for (Future<Boolean> result : results) {
            if (result.get(60, TimeUnit.SECONDS)) {
                won++;
            }
        }
        return won;
    }

    @SuppressWarnings("unchecked") // unwrap takes a class, which cannot carry the type arguments
    private MemjcacheCache<String, Integer> cache(String backend, String namespace) {
        Cache<String, Integer> cache = managerInNamespace(backend, namespace)
                .createCache("race", new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
        return cache.unwrap(MemjcacheCache.class);
    }
}
