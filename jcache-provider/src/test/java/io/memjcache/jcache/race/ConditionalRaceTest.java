package io.memjcache.jcache.race;

import io.memjcache.jcache.BackendTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conditional operation and its bulk forms raced by three callers started together, 200 rounds per race on
 * fresh keys, on both backends: in one cache manager, and in two managers of different URIs sharing one
 * namespace (separate providers, as two JVMs would have). Each round must end as some serial order of the calls
 * would: exactly one winner where one is possible, no lost update, one event per change (see {@link Race}).
 */
class ConditionalRaceTest extends BackendTestSupport {

    private static final int CALLERS = 3;
    private static final int ROUNDS = 200;

    /** Where the callers' caches come from. */
    enum Topology {
        ONE_MANAGER,
        TWO_MANAGERS
    }

    static Stream<Arguments> races() {
        List<Arguments> cases = new ArrayList<>();
        backends().forEach(backend -> {
            for (Topology topology : Topology.values()) {
                for (Race race : Race.values()) {
                    cases.add(Arguments.of(backend, topology, race));
                }
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("races")
    void everyRoundEndsAsSomeSerialOrderWould(String backend, Topology topology, Race race) throws Exception {
        String namespace = uniqueUri().toString();
        List<Cache<String, String>> caches = new ArrayList<>();
        caches.add(cache(backend, namespace));
        if (topology == Topology.TWO_MANAGERS) {
            caches.add(cache(backend, namespace));
        }
        List<EventCounter> counters = new ArrayList<>();
        caches.forEach(cache -> counters.add(EventCounter.attachTo(cache)));
        List<RaceRunner.Caller> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(RaceRunner.local(caches.get(i % caches.size())));
        }
        try (RaceRunner runner = new RaceRunner(caches.get(0), callers, () -> sum(counters))) {
            runner.run(race, ROUNDS);
        }
    }

    /** @return the race cache of a new manager, under a URI of its own but in the shared namespace */
    private Cache<String, String> cache(String backend, String namespace) {
        return managerInNamespace(backend, namespace)
                .createCache("race", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    private static EventCounter.Events sum(List<EventCounter> counters) {
        EventCounter.Events sum = EventCounter.Events.NONE;
        for (EventCounter counter : counters) {
            sum = sum.plus(counter.takeCounts());
        }
        return sum;
    }
}
