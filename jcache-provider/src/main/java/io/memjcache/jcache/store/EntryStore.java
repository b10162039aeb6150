package io.memjcache.jcache.store;

import io.memjcache.jcache.client.DeleteStatus;
import io.memjcache.jcache.client.HeaderedStore;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.ServerRead;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoreStatus;
import io.memjcache.jcache.near.NearInvalidations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one cache in memcached (see {@link CacheNamespace} for the keys and {@link EntryCodec} for the
 * values). Reads return {@link Snapshot}s; writes and deletes are conditional on a snapshot's CAS token so the
 * callers can run optimistic read-decide-write loops. Every server keeps its own generation counter for the cache
 * ({@link GenerationCounters}); an entry is live only while its generation equals the counter of the server
 * holding it. The counter is read fresh with every read, in the same pipelined batch as the entries of its server
 * and never cached, so a {@link #clear()} in another JVM is seen at once, and a server that is down makes only its
 * own entries unavailable. A counter memcached lost is recreated with a random value ({@link Generations}), so its
 * loss empties that server's share of the cache instead of reviving entries of earlier generations. With replicas
 * ({@code memjcache.replicas} above 1) every method takes the replicated path of {@link Replicas} instead, which
 * says what a reader may see; with one, nothing of it is on the path.
 *
 * <p>Thread-safe (stateless apart from the thread-safe client). No method accepts or returns {@code null}.
 */
public final class EntryStore {

    private static final Logger LOG = Logger.getLogger(EntryStore.class.getName());

    private final MemcachedClient client;
    private final CacheNamespace namespace;
    private final GenerationCounters generations;
    /** The replicated paths when keys are kept on more than one server; {@code null} for one. */
    private final @Nullable Replicas replicas;
    /** Told of every change this store makes, after it was made; {@code null}: the cache has no near cache. */
    private final @Nullable NearInvalidations near;

    private final MarkedDeletes deletes;
    private final LocatedReads located;
    /** The reads, writes and deletes without a waiting thread; {@code null} with replicas, which have none. */
    private final @Nullable AsyncEntryStore asyncStore;

    /**
     * @param client    the memcached client, owned by the caller
     * @param namespace the keys of the cache
     */
    public EntryStore(MemcachedClient client, CacheNamespace namespace) {
        this(client, namespace, DeleteMarkers.NEVER, null);
    }

    /**
     * @param client    the memcached client, owned by the caller
     * @param namespace the keys of the cache
     * @param markers   which servers' deletes are followed by a delete marker (a cache other JVMs may near-cache in
     *                  {@code eventual} mode), see {@link DeleteMarkers}
     */
    public EntryStore(MemcachedClient client, CacheNamespace namespace, DeleteMarkers markers) {
        this(client, namespace, markers, null);
    }

    /**
     * @param client    the memcached client, owned by the caller
     * @param namespace the keys of the cache
     * @param markers   which servers' deletes are followed by a delete marker (a cache other JVMs may near-cache in
     *                  {@code eventual} mode), see {@link DeleteMarkers}
     * @param near      the near cache, which every write, delete, restore and clear of this store invalidates
     *                  (whether it succeeded or failed, as a failed store may have dropped the item) before it
     *                  returns, so that this JVM always reads its own writes; {@link #read} and {@link #readAll}
     *                  tell it what they read; {@code null} for none
     */
    public EntryStore(
            MemcachedClient client, CacheNamespace namespace, DeleteMarkers markers, @Nullable NearInvalidations near) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.generations = new GenerationCounters(client, namespace);
        this.deletes = new MarkedDeletes(client, namespace, Objects.requireNonNull(markers, "markers"));
        this.replicas = client.replicas() > 1 ? new Replicas(client, namespace, generations, deletes) : null;
        this.near = near;
        this.located = new LocatedReads(client, namespace, generations);
        this.asyncStore = replicas == null ? new AsyncEntryStore(client, this, generations, deletes, near) : null;
    }

    /**
     * @return this store's reads, writes and deletes without a waiting thread, or {@code null} when the cache keeps
     *         replicas ({@code memjcache.replicas} above 1), which only the blocking methods read and write
     */
    public @Nullable AsyncEntryStore asyncStore() {
        return asyncStore;
    }

    /** @return the server that holds {@code memcachedKey} (its owner on the ring) */
    public ServerAddress serverOf(String memcachedKey) {
        return client.replicaServers(memcachedKey).get(0);
    }

    /**
     * @return the reads of a near cache: reads naming the server that answered, and the check of a copy read
     *         earlier. Not for replicated caches (a replica's copy carries no CAS token of the owner's item).
     */
    public LocatedReads located() {
        if (replicas != null) {
            throw new IllegalStateException("a replicated cache has no near cache");
        }
        return located;
    }

    /** @return the keys of this cache */
    public CacheNamespace namespace() {
        return namespace;
    }

    /** @return the memcached key of the entry with this serialized key */
    public String memcachedKey(byte[] serializedKey) {
        return namespace.entryKey(serializedKey);
    }

    /**
     * Reads one entry together with the generation of the server holding it: one pipelined batch, one round trip
     * (plus one when that server's counter must be created). The reads of the changing operations: the near cache is
     * told ({@link NearInvalidations#readFromServer}), as what the server answered is at least as new. Otherwise an
     * operation that found the entry gone and so changed nothing (a remove of an entry another JVM removed or cleared
     * moments ago) would leave an eventual near cache answering this JVM's next read with the value it saw gone.
     */
    public Snapshot read(byte[] serializedKey) {
        if (replicas != null) {
            return replicas.read(memcachedKey(serializedKey), serializedKey);
        }
        Snapshot snapshot = located.read(serializedKey).snapshot();
        if (near != null) {
            near.readFromServer(snapshot.memcachedKey());
        }
        return snapshot;
    }

    /**
     * Reads several entries in one pipelined round: one batch per server holding some of them, each batch also
     * reading that server's generation counter, so an entry is always judged by the counter of its own server.
     *
     * @return a snapshot per memcached key of the given keys, in the order given
     */
    public Map<String, Snapshot> readAll(Collection<byte[]> serializedKeys) {
        if (serializedKeys.size() == 1) {
            // invoke, and bulk calls of one key: the single read's shorter path, same batch on the wire
            Snapshot only = read(serializedKeys.iterator().next());
            return Map.of(only.memcachedKey(), only);
        }
        Map<String, byte[]> keysByMemcachedKey = new LinkedHashMap<>();
        for (byte[] key : serializedKeys) {
            keysByMemcachedKey.put(memcachedKey(key), key);
        }
        Map<String, Snapshot> read = read(keysByMemcachedKey.keySet(), keysByMemcachedKey::get);
        if (near != null) { // as read(byte[]) does
            keysByMemcachedKey.keySet().forEach(near::readFromServer);
        }
        Map<String, Snapshot> result = new LinkedHashMap<>();
        keysByMemcachedKey.keySet().forEach(memcachedKey -> result.put(memcachedKey, read.get(memcachedKey)));
        return result;
    }

    /**
     * Reads entries by memcached key, as enumerated by {@link #memcachedKeys()}; the key check is skipped as the
     * serialized key is not known in advance, only the hash of the stored key is checked against the item's key.
     *
     * @return a snapshot per memcached key, in the order given
     */
    public Map<String, Snapshot> readByMemcachedKeys(Collection<String> memcachedKeys) {
        Map<String, Snapshot> read = read(memcachedKeys, memcachedKey -> null);
        Map<String, Snapshot> result = new LinkedHashMap<>();
        for (String memcachedKey : memcachedKeys) {
            Snapshot snapshot = Objects.requireNonNull(read.get(memcachedKey), "every key is read");
            if (snapshot.entry() != null
                    && !memcachedKey.equals(memcachedKey(snapshot.entry().key()))) {
                snapshot = new Snapshot(memcachedKey, snapshot.cas(), snapshot.generation(), null);
            }
            result.put(memcachedKey, snapshot);
        }
        return result;
    }

    /**
     * One pipelined read of the items and, per server involved, its generation counter.
     *
     * @param expectedKeys the serialized key each memcached key must hold, or null when it is not known
     * @return a snapshot per memcached key, in no particular order
     */
    private Map<String, Snapshot> read(Collection<String> memcachedKeys, Function<String, byte[]> expectedKeys) {
        if (replicas == null) {
            return readBatch(memcachedKeys, expectedKeys);
        }
        return replicas.readAll(memcachedKeys, expectedKeys, keys -> readBatch(keys, expectedKeys));
    }

    private Map<String, Snapshot> readBatch(Collection<String> memcachedKeys, Function<String, byte[]> expectedKeys) {
        Map<String, Snapshot> result = new HashMap<>();
        for (ServerRead server : client.getAll(memcachedKeys, generations.key())) {
            EntryItems.addSnapshots(
                    server, generations.current(server.server(), server.header()), expectedKeys, result);
        }
        return result;
    }

    /**
     * Writes an entry if the item is still as {@code previous} saw it.
     *
     * @param previous   the snapshot the decision was based on
     * @param entry      the new entry; its generation should be {@code previous.generation()}
     * @param ttlSeconds the memcached TTL, see {@link MemcachedTtl}
     * @return whether it was written; false when the item changed since the read (retry with a fresh read)
     */
    public boolean write(Snapshot previous, StoredEntry entry, long ttlSeconds) {
        try {
            if (replicas != null) {
                return replicas.writeReturning(previous, entry, ttlSeconds) != null;
            }
            return client.store(EntryItems.request(previous, entry, ttlSeconds)) == StoreStatus.STORED;
        } finally {
            invalidate(previous.memcachedKey());
        }
    }

    private void invalidate(String memcachedKey) {
        if (near != null) {
            near.invalidate(memcachedKey);
        }
    }

    private void invalidateAll(Collection<String> memcachedKeys) {
        if (near != null) {
            memcachedKeys.forEach(near::invalidate);
        }
    }

    /**
     * As {@link #write}, and when written, returns what a read right after it would find: the new CAS token, the
     * same generation and {@code entry}, so that the caller's next change of the entry can be conditional on it
     * without a read (see {@link #writeOverKnown}).
     *
     * @return the snapshot of the item written (with CAS 0 if the server did not tell its token), or {@code null}
     *         when it was not written because the item changed since the read
     */
    public @Nullable Snapshot writeReturning(Snapshot previous, StoredEntry entry, long ttlSeconds) {
        try {
            if (replicas != null) {
                return replicas.writeReturning(previous, entry, ttlSeconds);
            }
            return EntryItems.written(
                    previous, entry, client.storeReturningCas(EntryItems.request(previous, entry, ttlSeconds)));
        } finally {
            invalidate(previous.memcachedKey());
        }
    }

    /**
     * Writes an entry conditional on {@code known}, a snapshot this client got from {@link #writeReturning} or
     * from this method, without reading the item first: one round trip, which reads the generation counter of the
     * key's server just before the store, on the same connection. When the CAS matched and the counter still was
     * {@code known.generation()}, the item was exactly {@code known} and live at the moment of that counter read
     * and stayed unchanged until the store: the write is then exactly as one based on a fresh read made at that
     * moment (the counter only moves forward), and is returned. Otherwise the caller must read and decide again:
     * the item changed (nothing was written), or the server moved to another generation since {@code known} was
     * written, so {@code known} is stale, and so is the write if it landed, which replaced a stale item of this
     * client's own with another stale one: nobody sees either.
     *
     * @param known a snapshot with a CAS token (not 0) and the entry last written under it
     * @return the snapshot of the item written, or {@code null} when the caller must read and decide again
     */
    public @Nullable Snapshot writeOverKnown(Snapshot known, StoredEntry entry, long ttlSeconds) {
        if (known.cas() == 0) {
            throw new IllegalArgumentException("a known snapshot has a CAS token: " + known);
        }
        try {
            if (replicas != null) {
                return replicas.writeOverKnown(known, entry, ttlSeconds);
            }
            HeaderedStore answer =
                    client.storeAfterHeader(EntryItems.request(known, entry, ttlSeconds), generations.key());
            return EntryItems.writtenOverKnown(known, entry, answer);
        } finally {
            invalidate(known.memcachedKey());
        }
    }

    /**
     * One conditional write of {@link #writeAll}.
     *
     * @param previous   the snapshot the decision was based on
     * @param entry      the new entry
     * @param ttlSeconds its memcached TTL
     */
    public record Write(Snapshot previous, StoredEntry entry, long ttlSeconds) {}

    /**
     * Writes several entries in one pipelined round, each conditional on its snapshot as in {@link #write}.
     *
     * @return per memcached key, whether it was written (false: it changed since the read, retry it)
     */
    public Map<String, Boolean> writeAll(List<Write> writes) {
        if (writes.size() == 1) { // one request needs no quiet mode and no mn to end it
            Write only = writes.get(0);
            return Map.of(only.previous().memcachedKey(), write(only.previous(), only.entry(), only.ttlSeconds()));
        }
        if (replicas != null) { // each write is decided and copied in turn
            Map<String, Boolean> result = new LinkedHashMap<>();
            for (Write w : writes) {
                result.put(w.previous().memcachedKey(), write(w.previous(), w.entry(), w.ttlSeconds()));
            }
            return result;
        }
        List<StoreRequest> requests = new ArrayList<>(writes.size());
        for (Write write : writes) {
            requests.add(EntryItems.request(write.previous(), write.entry(), write.ttlSeconds()));
        }
        Map<String, StoreStatus> statuses;
        try {
            statuses = client.storeAll(requests);
        } finally {
            invalidateAll(requests.stream().map(StoreRequest::key).toList());
        }
        Map<String, Boolean> result = new LinkedHashMap<>();
        for (Write write : writes) {
            String key = write.previous().memcachedKey();
            result.put(key, statuses.get(key) == StoreStatus.STORED);
        }
        return result;
    }

    /**
     * Puts back the entry a failed write may have destroyed: memcached deletes an item when a store to it fails
     * (for instance with a value too large for the server), so the previous entry is re-added unless somebody
     * wrote the key meanwhile. Best effort: a failure here is ignored, the original failure is what matters.
     *
     * @param previous   the snapshot the failed write was based on
     * @param ttlSeconds the memcached TTL of the previous entry
     */
    public void restore(Snapshot previous, long ttlSeconds) {
        if (previous.entry() == null) {
            return;
        }
        try {
            if (replicas != null) {
                write(
                        new Snapshot(previous.memcachedKey(), 0, previous.generation(), null),
                        previous.entry(),
                        ttlSeconds);
                return;
            }
            client.store(new StoreRequest(
                    previous.memcachedKey(), EntryCodec.encode(previous.entry()), 0, ttlSeconds, 0, StoreMode.ADD));
        } catch (MemcachedException e) {
            LOG.log(Level.FINE, "could not restore " + previous.memcachedKey() + " after a failed write", e);
        } finally {
            invalidate(previous.memcachedKey());
        }
    }

    /**
     * Deletes the item if it is still as {@code previous} saw it. Only a delete that memcached answers with
     * {@code HD} removed anything: {@code NF} means another client deleted the item first (it won that race) and
     * {@code EX} that it changed since the read, so in both cases the caller re-reads to learn what is there now.
     *
     * @return whether this call deleted the item; false when there was none to delete (CAS 0, no request made),
     *         somebody else deleted it first, or it changed since the read
     */
    public boolean delete(Snapshot previous) {
        try {
            if (replicas != null) {
                return replicas.delete(previous);
            }
            if (previous.cas() == 0) {
                return false;
            }
            return deletes.delete(previous.memcachedKey(), previous.cas()) == DeleteStatus.DELETED;
        } finally {
            invalidate(previous.memcachedKey());
        }
    }

    /**
     * Deletes several items in one pipelined round, each only if it is still as its snapshot saw it; see
     * {@link #delete} for what counts as deleted. A snapshot that found no item (CAS 0) has nothing to delete and
     * makes no request.
     *
     * @return per memcached key, whether this call deleted the item (false: none to delete, deleted by somebody
     *         else first, or changed since the read; re-read it to learn what is there now)
     */
    public Map<String, Boolean> deleteAll(Collection<Snapshot> previous) {
        if (previous.size() == 1) { // one request needs no quiet mode and no mn to end it
            Snapshot only = previous.iterator().next();
            return Map.of(only.memcachedKey(), delete(only));
        }
        if (replicas != null || deletes.mayMark()) { // each delete is copied, or marked, in turn
            Map<String, Boolean> result = new LinkedHashMap<>();
            previous.forEach(snapshot -> result.put(snapshot.memcachedKey(), delete(snapshot)));
            return result;
        }
        Map<String, Long> casByKey = new LinkedHashMap<>();
        Map<String, Boolean> result = new LinkedHashMap<>();
        for (Snapshot snapshot : previous) {
            if (snapshot.cas() == 0) {
                result.put(snapshot.memcachedKey(), false);
            } else {
                casByKey.put(snapshot.memcachedKey(), snapshot.cas());
            }
        }
        if (!casByKey.isEmpty()) {
            try {
                client.deleteAll(casByKey).forEach((key, status) -> result.put(key, status == DeleteStatus.DELETED));
            } finally {
                invalidateAll(casByKey.keySet());
            }
        }
        return result;
    }

    /**
     * Empties the cache for every client at once by moving every server to its next generation; a missing counter
     * is created with a fresh random generation instead, which makes that server's entries just as stale.
     *
     * @throws MemcachedException naming a server that could not be reached: its entries were not cleared, those
     *                            of the servers that could be reached were
     */
    public void clear() {
        try {
            if (replicas != null) {
                replicas.clear();
                return;
            }
            generations.advanceEverywhere();
        } finally {
            if (near != null) {
                client.servers().forEach(near::invalidateServer);
            }
        }
    }

    /** @return the memcached keys of every item under this cache's prefix, live or stale, in no order */
    public List<String> memcachedKeys() {
        if (replicas != null) {
            return replicas.memcachedKeys();
        }
        return client.keysWithPrefix(namespace.entryPrefix());
    }
}
