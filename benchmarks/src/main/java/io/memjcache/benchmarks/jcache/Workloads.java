package io.memjcache.benchmarks.jcache;

import io.memjcache.benchmarks.report.Metrics;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The workload every target runs, in the same shape, and the names of what it measures. The data set is fixed: 10k
 * keys {@code key-0} to {@code key-9999} with 100-character values, written once before any phase so that gets
 * hit. Thread-safe and stateless.
 */
final class Workloads {

    static final int KEYS = 10_000;
    static final int VALUE_LENGTH = 100;
    static final int GET_PERCENT = 90;
    static final int GET_ALL_SIZE = 100;
    static final int HOT_KEYS = 100;
    static final int MANY_THREADS = 16;

    /** Workload names, as they appear in the results. */
    static final String GET_PUT_1 = "getput-1t";

    static final String GET_PUT_16 = "getput-16t";
    static final String GET_ALL = "getall-100";
    static final String SINGLE_GETS = "single-gets-100";
    static final String INVOKE = "invoke-16t";

    /** Metric names, as they appear in the results (the report's shared names where there is one). */
    static final String OPS = Metrics.OPS_PER_SEC;

    static final String KEYS_PER_S = "keys_per_sec";
    static final String SPEED_UP = "speedup_per_key";
    static final String P50 = Metrics.P50_MS;
    static final String P99 = Metrics.P99_MS;
    static final String P999 = Metrics.P999_MS;
    static final String FAILED = "failed";
    static final String INCREMENTS = "increments";
    static final String LOST = "lost_updates";

    private Workloads() {}

    static String key(int index) {
        return "key-" + index;
    }

    static String randomKey(ThreadLocalRandom random) {
        return key(random.nextInt(KEYS));
    }

    /** A 100-character value; the digits make values of different keys differ. */
    static String value(int index) {
        StringBuilder value = new StringBuilder(VALUE_LENGTH).append(index).append(':');
        while (value.length() < VALUE_LENGTH) {
            value.append((char) ('a' + value.length() % 26));
        }
        return value.toString();
    }

    static void load(KeyValueClient client) throws Exception {
        for (int i = 0; i < KEYS; i++) {
            client.put(key(i), value(i));
        }
    }

    /** 90% gets and 10% puts of random keys on {@code threads} threads, after a warm-up of the same. */
    static void getPut(KeyValueClient client, String name, int threads, Duration warmUp, Duration phase, Results out)
            throws InterruptedException {
        LoadDriver.Op op = random -> {
            int index = random.nextInt(KEYS);
            if (random.nextInt(100) < GET_PERCENT) {
                client.get(key(index));
            } else {
                client.put(key(index), value(index));
            }
        };
        LoadDriver.run(threads, warmUp, op);
        LoadDriver.Phase measured = LoadDriver.run(threads, phase, op);
        out.latencies(name, measured);
    }
}
