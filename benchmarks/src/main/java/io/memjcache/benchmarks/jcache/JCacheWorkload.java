package io.memjcache.benchmarks.jcache;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The part of the workload only a {@code javax.cache.Cache} runs: {@code getAll} of 100 random keys against 100
 * single gets, and {@code invoke} incrementing counters on 100 hot keys from 16 threads with a lost-update count.
 * Not thread-safe itself; it runs one phase at a time (the phases use many threads).
 */
final class JCacheWorkload {

    private final Cache<String, String> cache;
    private final Duration warmUp;
    private final Duration phase;
    private final Results out;

    JCacheWorkload(Cache<String, String> cache, Duration warmUp, Duration phase, Results out) {
        this.cache = cache;
        this.warmUp = warmUp;
        this.phase = phase;
        this.out = out;
    }

    /** One thread, so each way is bound by its round trips: keys per second with getAll(100) and with 100 gets. */
    void getAllVersusSingleGets() throws InterruptedException {
        LoadDriver.Op getAll = random -> {
            if (cache.getAll(randomKeys(random)).size() != Workloads.GET_ALL_SIZE) {
                throw new IllegalStateException("getAll missed keys that were loaded");
            }
        };
        LoadDriver.Op singleGets = random -> {
            for (String key : randomKeys(random)) {
                if (cache.get(key) == null) {
                    throw new IllegalStateException("get missed " + key + ", which was loaded");
                }
            }
        };
        LoadDriver.run(1, warmUp, getAll);
        LoadDriver.Phase bulk = LoadDriver.run(1, phase, getAll);
        LoadDriver.run(1, warmUp, singleGets);
        LoadDriver.Phase single = LoadDriver.run(1, phase, singleGets);
        double bulkKeys = bulk.callsPerSecond() * Workloads.GET_ALL_SIZE;
        double singleKeys = single.callsPerSecond() * Workloads.GET_ALL_SIZE;
        out.metric(Workloads.GET_ALL, Workloads.KEYS_PER_S, bulkKeys);
        out.failures(Workloads.GET_ALL, bulk);
        out.metric(Workloads.SINGLE_GETS, Workloads.KEYS_PER_S, singleKeys);
        out.failures(Workloads.SINGLE_GETS, single);
        if (singleKeys > 0) {
            out.metric(Workloads.GET_ALL, Workloads.SPEED_UP, bulkKeys / singleKeys);
        }
    }

    /**
     * 16 threads increment counters on 100 hot keys through {@code invoke}. Afterwards the counters must add up to
     * the increments that returned normally; the difference is reported as lost updates, whatever it is.
     */
    void invokeCounters() throws InterruptedException {
        LoadDriver.run(Workloads.MANY_THREADS, warmUp, incrementing("warm-"));
        String prefix = "hot-";
        LoadDriver.Phase measured = LoadDriver.run(Workloads.MANY_THREADS, phase, incrementing(prefix));
        long sum = 0;
        for (int i = 0; i < Workloads.HOT_KEYS; i++) {
            String counter = cache.get(prefix + i);
            sum += counter == null ? 0 : Long.parseLong(counter);
        }
        out.latencies(Workloads.INVOKE, measured);
        out.metric(Workloads.INVOKE, Workloads.INCREMENTS, (double) measured.calls());
        out.metric(Workloads.INVOKE, Workloads.LOST, (double) (measured.calls() - sum));
    }

    private LoadDriver.Op incrementing(String prefix) {
        Increment increment = new Increment();
        return random -> cache.invoke(prefix + random.nextInt(Workloads.HOT_KEYS), increment);
    }

    private static Set<String> randomKeys(ThreadLocalRandom random) {
        Set<String> keys = new HashSet<>(Workloads.GET_ALL_SIZE * 2);
        while (keys.size() < Workloads.GET_ALL_SIZE) {
            keys.add(Workloads.randomKey(random));
        }
        return keys;
    }

    /**
     * Adds one to a decimal counter, starting from zero. Serializable and on the class path of every JVM of the
     * run, since Hazelcast runs it on the member that owns the key.
     */
    static final class Increment implements EntryProcessor<String, String, @Nullable Void>, Serializable {

        private static final long serialVersionUID = 1L;

        @Override
        public @Nullable Void process(MutableEntry<String, String> entry, Object... arguments) {
            String value = entry.getValue();
            long count = value == null ? 0 : Long.parseLong(value);
            entry.setValue(Long.toString(count + 1));
            return null;
        }
    }
}
