package io.memjcache.jcache.store;

import io.memjcache.jcache.client.DeleteStatus;
import io.memjcache.jcache.client.HeaderedStore;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ReplicationStats;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.StoreOutcome;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one cache kept on {@code memjcache.replicas} servers each: the key's ketama owner and the next
 * distinct servers clockwise on the ring ({@link MemcachedClient#replicaServers}).
 *
 * <ul>
 *   <li><b>Writes</b> (every store and remove, conditional or not) are decided on the owner alone, by its CAS
 *       exactly as without replicas; once the owner said yes, the decision is copied to every replica before the
 *       call returns ({@link ReplicaCopier}): the entry, or for a removal a tombstone, under the replica key
 *       ({@link CacheNamespace#replicaKey}), versioned by the owner's generation and CAS token, so racing writers'
 *       copies leave the newest decision on every replica. While the owner is down, writes of its keys fail (the
 *       owner alone decides, so a silent owner cannot diverge from a replica); the other keys are unaffected.
 *   <li><b>Reads</b> go to the owner; when it is down, times out or fails, to the next replica, and so on. A miss
 *       on a live owner is a miss: an owner that restarted empty lost its entries, and a replica's copy is served
 *       only while the owner cannot answer. A read completes within one operation timeout: it waits for the owner at
 *       most half of it, for each next replica half of what is left, for the last one all of it, making good what
 *       that server missed (see below) included (the requests themselves go on with their own timeouts, which still
 *       mark a silent server down; their late answer is dropped). Once the owner is marked down, a read goes to the
 *       replica at once. A read of several keys is bounded alike ({@link #readAll}): each owner's batch is waited
 *       for at most half the timeout, the owners in parallel, then that owner's keys are read from their replicas. A read served by a replica can be
 *       written only once the owner is back: its snapshot has generation 0, which no owner has, and every write
 *       based on it fails.
 *   <li><b>Clear</b> advances every owner's generation, then every replica's copy generation
 *       ({@link CacheNamespace#replicaGenerationKey}), making entries and copies stale. A copy finding that its
 *       owner moved to another generation meanwhile (a clear, or a restart of the owner) is dropped: a write in
 *       flight across a restart of its owner may keep no copy.
 *   <li><b>Missed writes</b>: a replica a copy could not reach (down, silent, failing) may keep an older copy, and
 *       a server a clear could not reach keeps its entries and copies. This store remembers what each server missed
 *       ({@link ReplicaDebts}) and makes it good before it next uses that server: it copies the missed decisions
 *       again (the newest per key), and completes a missed clear there, so it never serves such leftovers. Another
 *       process that did not see the failure could, in the window until this one uses that server again, read an
 *       old copy there, but only while the key's owner is down as well.
 * </ul>
 *
 * <p>Thread-safe: what servers missed and the copy stamps are kept in concurrent maps. Arguments must not be
 * {@code null}; a method that may find nothing says so.
 */
final class Replicas {

    /** Long enough to outlive every copy in flight when it was written: those take an operation timeout or two. */
    private static final long TOMBSTONE_TTL_SECONDS = 600;

    private final MemcachedClient client;
    private final CacheNamespace namespace;
    private final GenerationCounters generations;
    private final GenerationCounters copyGenerations;
    private final ReplicaCopier copier;
    private final ReplicationStats stats;
    /** What servers missed, made good before their next use. */
    private final ReplicaDebts debts;

    /** The read paths: owner first, then the replicas. */
    private final ReplicaReads reads;

    /** How the owner's deletes are made (marked where watchers need it). */
    private final MarkedDeletes deletes;

    Replicas(MemcachedClient client, CacheNamespace namespace, GenerationCounters generations, MarkedDeletes deletes) {
        this(client, namespace, generations, ReplicaDebts.MAX_PENDING, deletes);
    }

    /** @param maxPending how many missed copies are kept per server, see {@link ReplicaDebts}; deletes unmarked */
    Replicas(MemcachedClient client, CacheNamespace namespace, GenerationCounters generations, int maxPending) {
        this(client, namespace, generations, maxPending, new MarkedDeletes(client, namespace, DeleteMarkers.NEVER));
    }

    private Replicas(
            MemcachedClient client,
            CacheNamespace namespace,
            GenerationCounters generations,
            int maxPending,
            MarkedDeletes deletes) {
        this.client = client;
        this.deletes = deletes;
        this.namespace = namespace;
        this.generations = generations;
        this.copyGenerations = new GenerationCounters(client, namespace.replicaGenerationKey());
        this.copier = new ReplicaCopier(client, generations, copyGenerations);
        this.stats = client.replicationStats();
        this.debts = new ReplicaDebts(generations, copyGenerations, copier, maxPending);
        this.reads = new ReplicaReads(client, namespace, generations, copyGenerations, debts);
    }

    /**
     * Reads one entry from its owner, or from the first replica that answers when the owner cannot (see
     * {@link ReplicaReads#read}).
     *
     * @param expectedKey the serialized key the entry must hold, or {@code null} when not known
     */
    Snapshot read(String memcachedKey, byte @Nullable [] expectedKey) {
        return reads.read(memcachedKey, expectedKey);
    }

    /**
     * Reads several entries, each from its owner or, when the owner cannot answer, from its replicas, within one
     * operation timeout (see {@link ReplicaReads#readAll}).
     *
     * @param expectedKeys the serialized key each memcached key must hold, or null when it is not known
     * @param batch reads some keys of one owner in one batch, as {@link EntryStore} does without replicas
     * @return a snapshot per memcached key, in no particular order
     */
    Map<String, Snapshot> readAll(
            Collection<String> memcachedKeys,
            Function<String, byte @Nullable []> expectedKeys,
            Function<Collection<String>, Map<String, Snapshot>> batch) {
        return reads.readAll(memcachedKeys, expectedKeys, batch);
    }

    /** As {@link EntryStore#writeReturning}: decided on the owner, then copied to the replicas. */
    @Nullable
    Snapshot writeReturning(Snapshot previous, StoredEntry entry, long ttlSeconds) {
        return counted("write", () -> {
            List<ServerAddress> servers = placed(previous);
            long[] stamps = copier.stamps(servers);
            StoreOutcome outcome = client.storeReturningCas(EntryItems.request(previous, entry, ttlSeconds));
            Snapshot written = EntryItems.written(previous, entry, outcome);
            if (written != null) {
                copyAll(
                        servers,
                        stamps,
                        previous,
                        new ReplicaCopy(0, previous.generation(), outcome.cas(), entry),
                        ttlSeconds);
            }
            return written;
        });
    }

    /** As {@link EntryStore#writeOverKnown}: decided on the owner, then copied to the replicas. */
    @Nullable
    Snapshot writeOverKnown(Snapshot known, StoredEntry entry, long ttlSeconds) {
        return counted("write", () -> {
            List<ServerAddress> servers = placed(known);
            long[] stamps = copier.stamps(servers);
            HeaderedStore answer =
                    client.storeAfterHeader(EntryItems.request(known, entry, ttlSeconds), generations.key());
            Snapshot written = EntryItems.writtenOverKnown(known, entry, answer);
            if (written != null) {
                copyAll(
                        servers,
                        stamps,
                        known,
                        new ReplicaCopy(0, known.generation(), written.cas(), entry),
                        ttlSeconds);
            }
            return written;
        });
    }

    /** As {@link EntryStore#delete}: decided on the owner, then a tombstone copied to the replicas. */
    boolean delete(Snapshot previous) {
        return counted("remove", () -> {
            if (previous.cas() == 0 && previous.entry() == null) {
                return false; // nothing to delete, wherever that was read
            }
            List<ServerAddress> servers = placed(previous);
            long[] stamps = copier.stamps(servers);
            boolean deleted = deletes.delete(previous.memcachedKey(), previous.cas()) == DeleteStatus.DELETED;
            if (deleted) {
                copyAll(
                        servers,
                        stamps,
                        previous,
                        new ReplicaCopy(0, previous.generation(), previous.cas(), null),
                        TOMBSTONE_TTL_SECONDS);
            }
            return deleted;
        });
    }

    /**
     * Moves every server to its next generation and then to its next copy generation; a server that could not be
     * reached is settled before this store uses it again.
     *
     * @throws MemcachedException as {@link GenerationCounters#advanceEverywhere()}
     */
    void clear() {
        stats.operation();
        List<MemcachedException> failures = generations.advance(client.servers());
        List<ServerAddress> reached = new ArrayList<>(client.servers());
        failures.forEach(f -> reached.remove(f.server()));
        failures.addAll(copyGenerations.advance(reached));
        reached.forEach(copier::forget);
        if (!failures.isEmpty()) {
            failures.forEach(f -> debts.missedClear(f.server()));
            stats.failure("clear: " + cause(failures.get(0)));
            generations.throwIfFailed(failures);
        }
    }

    /**
     * The memcached keys of every entry, listed on every server that answers, each server's copies included: a
     * server that fails is left out, as long as fewer servers fail than there are replicas (each entry is then
     * still listed by one of its servers).
     *
     * @throws MemcachedException when as many servers fail as there are replicas
     */
    List<String> memcachedKeys() {
        stats.operation();
        Set<String> keys = new LinkedHashSet<>();
        List<MemcachedException> failures = new ArrayList<>();
        for (ServerAddress server : client.servers()) {
            try {
                keys.addAll(client.keysWithPrefixOn(server, namespace.entryPrefix()));
                for (String replicaKey : client.keysWithPrefixOn(server, namespace.replicaPrefix())) {
                    keys.add(namespace.entryKeyOfReplica(replicaKey));
                }
            } catch (MemcachedException e) {
                failures.add(e);
            }
        }
        if (failures.size() >= client.replicas()) {
            MemcachedException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            stats.failure("list: " + cause(first));
            throw first;
        }
        return new ArrayList<>(keys);
    }

    /**
     * The key's servers for a write based on {@code previous}, the owner settled.
     *
     * @throws MemcachedException when {@code previous} was read from a replica: only the owner decides
     */
    private List<ServerAddress> placed(Snapshot previous) {
        List<ServerAddress> servers = client.replicaServers(previous.memcachedKey());
        if (previous.readFromReplica()) {
            throw new MemcachedException(
                    servers.get(0),
                    "the entry was read from a replica while its owner was down; it can be changed once the owner"
                            + " is back");
        }
        settle(servers.get(0));
        return servers;
    }

    private void copyAll(
            List<ServerAddress> servers, long[] stamps, Snapshot previous, ReplicaCopy copy, long ttlSeconds) {
        String replicaKey = namespace.replicaKey(previous.memcachedKey());
        for (int i = 1; i < servers.size(); i++) {
            ServerAddress replica = servers.get(i);
            try {
                settle(replica);
                if (copier.copy(servers.get(0), replica, stamps[i], replicaKey, copy, ttlSeconds)) {
                    stats.failure("copy: dropped, the owner moved to another generation");
                }
            } catch (MemcachedException e) {
                debts.missedCopy(servers.get(0), replica, stamps[i], replicaKey, copy, ttlSeconds);
                stats.failure("copy: " + cause(e));
            }
        }
    }

    private void settle(ServerAddress server) {
        debts.settle(server);
    }

    private <T> T counted(String operation, Supplier<T> work) {
        stats.operation();
        try {
            return work.get();
        } catch (MemcachedException e) {
            stats.failure(operation + ": " + cause(e));
            throw e;
        }
    }

    /** @return a short cause for the stats: timeout, io, down or error */
    static String cause(MemcachedException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (cause instanceof IOException) {
            return "io";
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("marked down")) {
            return "down";
        }
        if (message.contains("no answer within")) {
            return "slow";
        }
        if (message.contains("read from a replica")) {
            return "owner down";
        }
        return message.contains("timed out") ? "timeout" : "error";
    }
}
