package io.memjcache.jcache.race;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.cache.Cache;

/**
 * Runs rounds of a {@link Race}: the keys are set up, every caller is released at once from a barrier, then the
 * final values and the events are checked. Every round is checked; the rounds that break the race's rule are
 * counted, so a failure reports how often the race was lost, not just that it was.
 *
 * <p>Not thread-safe: one round at a time. Close it to stop its threads. Arguments are never {@code null}.
 */
final class RaceRunner implements AutoCloseable {

    /** One caller: runs its part of a race and returns its result as text. */
    interface Caller {
        String call(Race race, String prefix, int round, int caller) throws Exception;
    }

    private final Cache<String, String> observer;
    private final List<Caller> callers;
    private final Supplier<EventCounter.Events> events;
    private final ExecutorService threads;

    /**
     * @param observer sets up the keys and reads their final values
     * @param callers  the racing callers, by index
     * @param events   the events of all the callers' caches since the last call
     */
    RaceRunner(Cache<String, String> observer, List<Caller> callers, Supplier<EventCounter.Events> events) {
        this.observer = observer;
        this.callers = callers;
        this.events = events;
        this.threads = Executors.newFixedThreadPool(callers.size());
    }

    /** Runs {@code rounds} rounds of {@code race}; @throws AssertionError naming the share of rounds lost */
    void run(Race race, int rounds) throws Exception {
        String prefix = race.name() + "-" + System.nanoTime();
        int lost = 0;
        AssertionError first = null;
        for (int round = 0; round < rounds; round++) {
            List<String> keys = Race.keys(prefix, round);
            race.setUp(observer, keys);
            var unused = events.get(); // the set-up's events are not the round's
            List<String> results = race(race, prefix, round);
            List<String> finals = new ArrayList<>();
            keys.forEach(key -> finals.add(observer.get(key)));
            try {
                race.check(new Race.Round(race, round, results, finals, events.get()));
            } catch (AssertionError e) {
                lost++;
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new AssertionError(
                    lost + " of " + rounds + " rounds broke the rule; the first: " + first.getMessage(), first);
        }
    }

    private List<String> race(Race race, String prefix, int round) throws Exception {
        CyclicBarrier start = new CyclicBarrier(callers.size());
        List<Future<String>> running = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            int caller = i;
            running.add(threads.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return callers.get(caller).call(race, prefix, round, caller);
            }));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> result : running) {
            try {
                results.add(result.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                running.forEach(each -> each.cancel(true));
                throw e;
            }
        }
        return results;
    }

    /** @return a caller running its part on {@code cache} in this JVM */
    static Caller local(Cache<String, String> cache) {
        return (race, prefix, round, caller) -> race.run(cache, Race.keys(prefix, round), caller);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
