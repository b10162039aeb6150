package io.memjcache.jcache.store;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ReplicationStats;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.ServerRead;
import io.memjcache.jcache.client.StoredValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The read paths of {@link Replicas}: a key is read from its owner and, when the owner is down, times out or
 * fails, from the next replica and so on, all within one operation timeout (see the "Reads" of {@link Replicas}
 * for what is served when). Before it reads a server, it makes good what that server missed ({@link ReplicaDebts}).
 *
 * <p>Thread-safe: it keeps no state of its own beyond its collaborators, which are thread-safe. Arguments must not
 * be {@code null} unless marked {@code @Nullable}; nothing returns null.
 */
final class ReplicaReads {

    private final MemcachedClient client;
    private final CacheNamespace namespace;
    private final GenerationCounters generations;
    private final GenerationCounters copyGenerations;
    private final ReplicationStats stats;
    /** What servers missed, made good before a read uses them. */
    private final ReplicaDebts debts;

    ReplicaReads(
            MemcachedClient client,
            CacheNamespace namespace,
            GenerationCounters generations,
            GenerationCounters copyGenerations,
            ReplicaDebts debts) {
        this.client = client;
        this.namespace = namespace;
        this.generations = generations;
        this.copyGenerations = copyGenerations;
        this.stats = client.replicationStats();
        this.debts = debts;
    }

    private void countOperations(int count) {
        for (int i = 0; i < count; i++) {
            stats.operation();
        }
    }

    /**
     * Reads one entry from its owner, or from the first replica that answers when the owner cannot, within one
     * operation timeout (the owner waited for at most half of it).
     *
     * @param expectedKey the serialized key the entry must hold, or {@code null} when not known
     */
    Snapshot read(String memcachedKey, byte @Nullable [] expectedKey) {
        stats.operation();
        long deadline = System.nanoTime() + client.operationTimeout().toNanos();
        List<ServerAddress> servers = client.replicaServers(memcachedKey);
        ServerAddress owner = servers.get(0);
        MemcachedException failure;
        try {
            // Settling what the owner missed contacts it as well: within the owner's share.
            return client.within(owner, share(deadline, servers.size() - 1), () -> {
                settle(owner);
                ServerRead read = client.getOn(owner, memcachedKey, generations.key());
                long generation = generations.current(owner, read.header());
                return EntryItems.snapshot(memcachedKey, read.found().get(memcachedKey), generation, expectedKey);
            });
        } catch (MemcachedException e) {
            failure = e;
        }
        return fromReplicas(memcachedKey, expectedKey, servers, deadline, failure);
    }

    /**
     * Reads several entries, each from its owner or, when the owner cannot answer, from its replicas, within one
     * operation timeout as {@link #read} does: each owner's keys are read in one batch, the owners in parallel,
     * waiting for every batch at most half the timeout; the keys of an owner that failed or did not answer by then
     * are read from their replicas with the rest, key by key. A late batch runs on to its own timeout (marking its
     * server down), and its answer is dropped.
     *
     * @param expectedKeys the serialized key each memcached key must hold, or null when it is not known
     * @param batch reads some keys of one owner in one batch, as {@link EntryStore} does without replicas
     * @return a snapshot per memcached key, in no particular order
     */
    Map<String, Snapshot> readAll(
            Collection<String> memcachedKeys,
            Function<String, byte @Nullable []> expectedKeys,
            Function<Collection<String>, Map<String, Snapshot>> batch) {
        long deadline = System.nanoTime() + client.operationTimeout().toNanos();
        Map<ServerAddress, List<String>> keysByOwner = new LinkedHashMap<>();
        for (String memcachedKey : memcachedKeys) {
            keysByOwner
                    .computeIfAbsent(client.replicaServers(memcachedKey).get(0), owner -> new ArrayList<>())
                    .add(memcachedKey);
        }
        Map<ServerAddress, Supplier<Map<String, Snapshot>>> batches = new LinkedHashMap<>();
        keysByOwner.forEach((owner, keys) -> batches.put(owner, () -> {
            settle(owner); // as a single read does, within the owner's share
            return batch.apply(keys);
        }));
        Map<String, Snapshot> result = new HashMap<>();
        client.withinEach(
                batches,
                share(deadline, client.replicas() - 1),
                (owner, read) -> {
                    countOperations(read.size());
                    result.putAll(read);
                },
                (owner, failure) -> {
                    for (String memcachedKey : Objects.requireNonNull(keysByOwner.get(owner), "an owner asked")) {
                        stats.operation();
                        List<ServerAddress> servers = client.replicaServers(memcachedKey);
                        result.put(
                                memcachedKey,
                                fromReplicas(
                                        memcachedKey, expectedKeys.apply(memcachedKey), servers, deadline, failure));
                    }
                });
        return result;
    }

    /**
     * The key's entry from the first of its replicas that answers, within what is left before {@code deadline}.
     *
     * @param failure the owner's, thrown with the replicas' failures suppressed when none answers
     */
    private Snapshot fromReplicas(
            String memcachedKey,
            byte @Nullable [] expectedKey,
            List<ServerAddress> servers,
            long deadline,
            MemcachedException failure) {
        String replicaKey = namespace.replicaKey(memcachedKey);
        for (int i = 1; i < servers.size(); i++) {
            ServerAddress replica = servers.get(i);
            try {
                Snapshot copy = client.within(replica, share(deadline, servers.size() - 1 - i), () -> {
                    settle(replica);
                    ServerRead read = client.getOn(replica, replicaKey, copyGenerations.key());
                    long stamp = copyGenerations.current(replica, read.header());
                    return fromCopy(memcachedKey, read.found().get(replicaKey), stamp, expectedKey);
                });
                stats.replicaRead();
                return copy;
            } catch (MemcachedException e) {
                failure.addSuppressed(e);
            }
        }
        stats.failure("read: " + Replicas.cause(failure));
        throw failure;
    }

    /**
     * @param serversAfter how many servers are left to ask after this one
     * @return how long to wait for one server's answer: half the time left before {@code deadline} when another
     *     server could still be asked, all of it for the last one
     */
    private static long share(long deadline, int serversAfter) {
        long left = deadline - System.nanoTime();
        return serversAfter > 0 ? left / 2 : left;
    }

    /** A replica read: generation 0 (no owner's), CAS 0, and the copy's entry if it is live and of this key. */
    private static Snapshot fromCopy(
            String memcachedKey, @Nullable StoredValue item, long stamp, byte @Nullable [] expectedKey) {
        ReplicaCopy copy = item == null ? null : ReplicaCopier.live(item, stamp);
        StoredEntry entry = copy == null ? null : copy.entry();
        if (entry != null && expectedKey != null && !Arrays.equals(entry.key(), expectedKey)) {
            entry = null;
        }
        return new Snapshot(memcachedKey, 0, 0, entry);
    }

    private void settle(ServerAddress server) {
        debts.settle(server);
    }
}
