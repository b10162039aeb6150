package io.memjcache.jcache.store;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.ServerRead;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoreStatus;
import io.memjcache.jcache.client.StoredValue;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Copies the owner's decisions to the replicas of a key and keeps them ordered (see {@link Replicas} for the
 * whole protocol). A copy on a replica server is stamped with that server's copy generation, and is live only
 * while the stamp equals the counter there; the copy generation a copy is stamped with must have been read
 * <em>before</em> the owner decided, so that a clear between the decision and the copy (which advances every
 * owner's generation before any replica's copy generation) is always detected: either the copy lands before the
 * clear reaches the replica and the clear makes it stale, or the copy finds another copy generation than it was
 * stamped with, and then the owner's generation is read again, and the copy dropped if that moved.
 *
 * <p>A copy replaces what the replica holds with a CAS-guarded store, and only a copy of an older version of the
 * same owner generation (or a stale or foreign item): racing writers' copies can reach a replica in any order and
 * the newest decision stays. A copy of another owner generation (after a clear or a restart of the owner) replaces
 * the older one only once the owner is seen still in the copy's generation.
 *
 * <p>Thread-safe: the stamps read are cached in a concurrent map. Arguments must not be {@code null}.
 */
final class ReplicaCopier {

    /** Rounds of the read-compare-store loop before a copy gives up: each lost round means another copy landed. */
    private static final int MAX_ATTEMPTS = 32;

    private final MemcachedClient client;
    private final GenerationCounters generations;
    private final GenerationCounters copyGenerations;
    /** The copy generation last seen per replica server; a stale value only costs a check of the owner. */
    private final Map<ServerAddress, Long> stamps = new ConcurrentHashMap<>();

    ReplicaCopier(MemcachedClient client, GenerationCounters generations, GenerationCounters copyGenerations) {
        this.client = client;
        this.generations = generations;
        this.copyGenerations = copyGenerations;
    }

    /**
     * The stamps to copy a decision with, taken before the owner decides; 0 for a replica whose copy generation
     * could not be read.
     *
     * @param servers the key's servers, owner first
     * @return per server (position 0, the owner, unused) the copy generation to stamp its copy with
     */
    long[] stamps(List<ServerAddress> servers) {
        long[] result = new long[servers.size()];
        for (int i = 1; i < result.length; i++) {
            ServerAddress replica = servers.get(i);
            Long known = stamps.get(replica);
            if (known != null) {
                result[i] = known;
                continue;
            }
            try {
                result[i] = copyGenerations.current(replica, client.getOn(replica, copyGenerations.key()));
                stamps.put(replica, result[i]);
            } catch (MemcachedException e) {
                result[i] = 0;
            }
        }
        return result;
    }

    /** Forgets the stamp of {@code server}, whose copy generation was just advanced. */
    void forget(ServerAddress server) {
        stamps.remove(server);
    }

    /**
     * Copies one decision of {@code owner} to {@code replica}, unless a newer one is there already.
     *
     * @param stamp the copy generation of {@code replica} read before the decision (see {@link #stamps}), or 0
     *     when unknown: the owner is then asked whether it is still in the copy's generation
     * @param ttlSeconds the memcached TTL of the copy
     * @return whether the copy was dropped because the owner moved on to another generation meanwhile
     * @throws MemcachedException when the copy could not be made: the replica may hold an older copy
     */
    boolean copy(
            ServerAddress owner,
            ServerAddress replica,
            long stamp,
            String replicaKey,
            ReplicaCopy copy,
            long ttlSeconds) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ServerRead read = client.getOn(replica, replicaKey, copyGenerations.key());
            long current = copyGenerations.current(replica, read.header());
            stamps.put(replica, current);
            StoredValue item = read.found().get(replicaKey);
            ReplicaCopy existing = item == null ? null : live(item, current);
            boolean otherGeneration = existing != null && existing.ownerGeneration() != copy.ownerGeneration();
            if ((current != stamp || otherGeneration) && !ownerStillAt(owner, copy.ownerGeneration())) {
                return true;
            }
            if (existing != null && existing.supersedes(copy)) {
                return false;
            }
            byte[] value = copy.stamped(current).encode();
            StoreRequest request = item == null
                    ? new StoreRequest(replicaKey, value, 0, ttlSeconds, 0, StoreMode.ADD)
                    : new StoreRequest(replicaKey, value, 0, ttlSeconds, item.cas(), StoreMode.REPLACE);
            if (client.storeOn(replica, request) == StoreStatus.STORED) {
                return false;
            }
        }
        throw new MemcachedException(replica, "the copy changed under " + MAX_ATTEMPTS + " attempts to replace it");
    }

    /** @return the copy in {@code item} if it is one of the current copy generation, else {@code null} */
    static @Nullable ReplicaCopy live(StoredValue item, long copyGeneration) {
        return ReplicaCopy.decode(item.value())
                .filter(c -> c.stamp() == copyGeneration)
                .orElse(null);
    }

    private boolean ownerStillAt(ServerAddress owner, long generation) {
        OptionalLong current = client.getOn(owner, generations.key())
                .map(item -> Generations.parse(item.value()))
                .orElse(OptionalLong.empty());
        return current.isPresent() && current.getAsLong() == generation;
    }
}
