package io.memjcache.jcache.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of replicated operations, for operators (to be published as metrics): operations made with replicas,
 * reads served by a replica because the owner was down or failed, and failures by cause (a copy to a replica that
 * failed, a read no server could serve). Only a client with more than one replica counts anything, so a client
 * without replicas pays nothing. Internal: not part of the provider's API.
 *
 * <p>Thread-safe: adders, read without locking (a snapshot may be a moment behind). Arguments must not be null.
 */
public final class ReplicationStats {

    private final LongAdder operations = new LongAdder();
    private final LongAdder replicaReads = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    ReplicationStats() {}

    /** Counts one operation (a read, write or remove of one key, or a clear). */
    public void operation() {
        operations.increment();
    }

    /** Counts one read answered by a replica instead of the key's owner. */
    public void replicaRead() {
        replicaReads.increment();
    }

    /**
     * Counts one failure.
     *
     * @param cause what failed and why, short and from a small set (e.g. {@code "copy: timeout"}), as it is a key
     */
    public void failure(String cause) {
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** @return the operations counted so far */
    public long operations() {
        return operations.sum();
    }

    /** @return the reads served by a replica so far */
    public long replicaReads() {
        return replicaReads.sum();
    }

    /** @return the failures so far by cause, sorted by cause */
    public Map<String, Long> failures() {
        Map<String, Long> result = new TreeMap<>();
        failures.forEach((cause, count) -> result.put(cause, count.sum()));
        return result;
    }

    @Override
    public String toString() {
        return "operations=" + operations() + " replicaReads=" + replicaReads() + " failures=" + failures();
    }
}
