package io.memjcache.jcache.store;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ServerAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What servers missed, to be made good before a store uses them again ({@link #settle}): copies that could not
 * reach a replica (kept, the newest per key, and copied again, so that a replica that was silent or cut off never
 * serves an older copy of those keys, and keeps its other copies), and clears that could not reach a server (its
 * generation and copy generation are advanced then). When a server misses more copies than are kept, or a kept copy
 * can no longer be checked against its owner, every copy on it is made stale instead (its copy generation is
 * advanced): its keys are then kept by their owners alone until written again.
 *
 * <p>Thread-safe: concurrent maps; a server is settled by one thread at a time, and a debt added while it is being
 * settled stays for the next time. Arguments must not be {@code null}.
 */
final class ReplicaDebts {

    /** Missed copies kept per server: beyond this, all its copies are made stale instead. */
    static final int MAX_PENDING = 10_000;
    /** Bytes of missed copies kept per server, counted as they are added: beyond this, likewise. */
    static final long MAX_PENDING_BYTES = 8L << 20;

    private final GenerationCounters generations;
    private final GenerationCounters copyGenerations;
    private final ReplicaCopier copier;
    /** Per server, a reset still to make: of its copies, or (clear) of its entries too. */
    private final Map<ServerAddress, Reset> resets = new ConcurrentHashMap<>();
    /** Per server, the newest missed copy per replica key. */
    private final Map<ServerAddress, Map<String, Pending>> pending = new ConcurrentHashMap<>();
    /** Per server, the bytes of the copies added to its missed ones since it last had none (an upper bound). */
    private final Map<ServerAddress, AtomicLong> pendingBytes = new ConcurrentHashMap<>();

    private final Map<ServerAddress, Object> locks = new ConcurrentHashMap<>();
    private final int maxPending;

    ReplicaDebts(
            GenerationCounters generations, GenerationCounters copyGenerations, ReplicaCopier copier, int maxPending) {
        this.maxPending = maxPending;
        this.generations = generations;
        this.copyGenerations = copyGenerations;
        this.copier = copier;
    }

    /** {@code server} missed a clear: its entries and copies are made stale before it is used again. */
    void missedClear(ServerAddress server) {
        resets.merge(server, new Reset(true), (old, added) -> new Reset(true));
    }

    /**
     * {@code replica} missed a copy of a decision of {@code owner}; the copy is made again before it is used.
     *
     * @param stamp the copy generation {@code replica} had before the decision, or 0 if unknown
     */
    void missedCopy(
            ServerAddress owner, ServerAddress replica, long stamp, String replicaKey, ReplicaCopy copy, long ttl) {
        Map<String, Pending> copies = pending.computeIfAbsent(replica, r -> new ConcurrentHashMap<>());
        copies.merge(
                replicaKey,
                new Pending(owner, stamp, copy, ttl),
                (old, added) -> old.copy().supersedes(added.copy()) ? old : added);
        StoredEntry entry = copy.entry();
        long bytes = pendingBytes
                .computeIfAbsent(replica, r -> new AtomicLong())
                .addAndGet(replicaKey.length() + (entry == null ? 0 : entry.key().length + entry.value().length));
        if (copies.size() > maxPending || bytes > MAX_PENDING_BYTES) {
            resets.merge(replica, new Reset(false), (old, added) -> new Reset(old.clear()));
            copies.clear();
            pendingBytes.get(replica).set(0);
        }
    }

    /**
     * Makes good what {@code server} missed, before it is used: resets it if it must be, then makes the copies it
     * missed.
     *
     * @throws MemcachedException when {@code server} cannot be reached: it still owes what it did
     */
    void settle(ServerAddress server) {
        Reset reset = resets.get(server);
        Map<String, Pending> copies = pending.get(server);
        if (reset == null && (copies == null || copies.isEmpty())) {
            return;
        }
        synchronized (locks.computeIfAbsent(server, s -> new Object())) {
            reset = resets.get(server);
            if (reset != null) {
                if (reset.clear()) {
                    generations.advance(server);
                }
                copyGenerations.advance(server);
                copier.forget(server);
                resets.remove(server, reset); // a reset added meanwhile is another object: it stays
            }
            if (copies != null) {
                replay(server, copies);
            }
        }
    }

    private void replay(ServerAddress replica, Map<String, Pending> copies) {
        for (Map.Entry<String, Pending> missed : List.copyOf(copies.entrySet())) {
            Pending copy = missed.getValue();
            try {
                copier.copy(copy.owner(), replica, copy.stamp(), missed.getKey(), copy.copy(), copy.ttlSeconds());
            } catch (MemcachedException e) {
                if (e.server().equals(replica) && !Replicas.cause(e).equals("error")) {
                    throw e; // the replica cannot be reached: it stays owed
                }
                // The copy's owner cannot confirm the copy is still current, or the replica refuses it (an error
                // answer, such as a value above its item size limit, comes again): no copy there is trusted.
                copyGenerations.advance(replica);
                copier.forget(replica);
                copies.clear();
                pendingBytes.computeIfAbsent(replica, r -> new AtomicLong()).set(0);
                return;
            }
            copies.remove(missed.getKey(), copy);
        }
        if (copies.isEmpty()) {
            pendingBytes.computeIfAbsent(replica, r -> new AtomicLong()).set(0);
        }
    }

    /** A reset a server owes; identity matters: settling removes only the reset it made. */
    private static final class Reset {
        private final boolean clear;

        Reset(boolean clear) {
            this.clear = clear;
        }

        boolean clear() {
            return clear;
        }
    }

    /** A copy a replica missed. */
    private record Pending(ServerAddress owner, long stamp, ReplicaCopy copy, long ttlSeconds) {}
}
