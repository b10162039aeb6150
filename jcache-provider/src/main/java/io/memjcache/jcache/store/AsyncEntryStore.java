package io.memjcache.jcache.store;

import io.memjcache.jcache.client.DeleteStatus;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The reads, conditional writes and deletes of {@link EntryStore} for one replica, without a thread waiting for
 * the answer: the same requests sent with the asynchronous client. Exactly the blocking methods' rules: a write or
 * delete invalidates the key in the near cache (whether it succeeded or failed) before its future completes, a read
 * tells it ({@link NearInvalidations#readFromServer}) before its future completes, and
 * the entry a failed store destroyed is put back the same way, best effort. The futures complete on the client's
 * I/O thread; nothing here runs user code.
 *
 * <p>Thread-safe (stateless apart from the thread-safe client). Arguments must not be {@code null}; futures
 * complete with {@code null} only for {@link #restore}, which has no result.
 */
public final class AsyncEntryStore {

    private static final Logger LOG = Logger.getLogger(AsyncEntryStore.class.getName());

    private final MemcachedClient client;
    /** The blocking store, for its keys and its decoding of items. */
    private final EntryStore store;

    private final GenerationCounters generations;
    private final MarkedDeletes deletes;
    private final @Nullable NearInvalidations near;

    AsyncEntryStore(
            MemcachedClient client,
            EntryStore store,
            GenerationCounters generations,
            MarkedDeletes deletes,
            @Nullable NearInvalidations near) {
        this.client = client;
        this.store = store;
        this.generations = generations;
        this.deletes = deletes;
        this.near = near;
    }

    /**
     * As {@link EntryStore#read}, without a thread waiting for the answer: the same batch, sent with the asynchronous client.
     * A server without the cache's generation counter (never written there, evicted, or the server restarted empty)
     * gets it created as {@link GenerationCounters#current} creates it, also asynchronously: a new cache's first
     * calls, however many are in flight, need no blocking step. The future completes on the client's I/O thread,
     * which decodes the item (bytes only, no value is deserialized).
     *
     * @return a future of the snapshot, or of empty when the read needs a blocking step ({@link EntryStore#read} then
     *         does it): a counter item that holds no counter (foreign data, replaced under its CAS token)
     */
    public CompletableFuture<Optional<Snapshot>> read(byte[] serializedKey) {
        return store.located()
                .readAsync(serializedKey)
                .thenApply(read -> read.map(located -> {
                    readFromServer(located.snapshot().memcachedKey());
                    return located.snapshot();
                }));
    }

    /**
     * As {@link EntryStore#readAll}, without a thread waiting for the answers: the same batches, sent with the asynchronous
     * client, a missing counter created as {@link #read} creates it. The future completes on the client's I/O thread.
     *
     * @return a future of a snapshot per memcached key of the given keys, in the order given, or of empty when the
     *         read needs a blocking step ({@link EntryStore#readAll} then does it), as for {@link #read}
     */
    public CompletableFuture<Optional<Map<String, Snapshot>>> readAll(Collection<byte[]> serializedKeys) {
        Map<String, byte[]> keysByMemcachedKey = new LinkedHashMap<>();
        for (byte[] key : serializedKeys) {
            keysByMemcachedKey.put(store.memcachedKey(key), key);
        }
        return client.getAllAsync(keysByMemcachedKey.keySet(), generations.key())
                .thenCompose(servers -> {
                    List<CompletableFuture<OptionalLong>> found = new ArrayList<>();
                    servers.forEach(server -> found.add(generations.currentAsync(server)));
                    return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new))
                            .thenApply(allIn -> {
                                Map<String, Snapshot> read = new HashMap<>();
                                for (int i = 0; i < servers.size(); i++) {
                                    ServerRead server = servers.get(i);
                                    OptionalLong generation = found.get(i).join(); // already complete: allOf is
                                    if (generation.isEmpty()) {
                                        return Optional.<Map<String, Snapshot>>empty();
                                    }
                                    EntryItems.addSnapshots(
                                            server, generation.getAsLong(), keysByMemcachedKey::get, read);
                                }
                                Map<String, Snapshot> result = new LinkedHashMap<>();
                                keysByMemcachedKey.keySet().forEach(key -> result.put(key, read.get(key)));
                                keysByMemcachedKey.keySet().forEach(this::readFromServer);
                                return Optional.of(result);
                            });
                });
    }

    /**
     * As {@link EntryStore#write}: writes {@code entry} if the item is still as {@code previous} saw it.
     *
     * @return a future of whether it was written (false: the item changed since the read); failed with the
     *         client's {@link MemcachedException} when the store failed (see {@link #restore})
     */
    public CompletableFuture<Boolean> write(Snapshot previous, StoredEntry entry, long ttlSeconds) {
        return invalidatingAfter(
                previous.memcachedKey(),
                client.storeAsync(EntryItems.request(previous, entry, ttlSeconds))
                        .thenApply(status -> status == StoreStatus.STORED));
    }

    /**
     * As {@link EntryStore#delete}: deletes the item if it is still as {@code previous} saw it. A delete that must
     * be followed by a delete marker (a cache other JVMs near-cache in eventual mode) is made with the blocking
     * client on the calling thread, as the asynchronous client cannot send the pair on one connection.
     *
     * @return a future of whether this call deleted the item (false: none to delete, deleted by somebody else
     *         first, or changed since the read)
     */
    public CompletableFuture<Boolean> delete(Snapshot previous) {
        if (previous.cas() == 0) {
            invalidate(previous.memcachedKey());
            return CompletableFuture.completedFuture(false);
        }
        if (deletes.marks(previous.memcachedKey())) {
            try {
                return CompletableFuture.completedFuture(
                        deletes.delete(previous.memcachedKey(), previous.cas()) == DeleteStatus.DELETED);
            } finally {
                invalidate(previous.memcachedKey());
            }
        }
        return invalidatingAfter(
                previous.memcachedKey(),
                client.deleteAsync(previous.memcachedKey(), previous.cas())
                        .thenApply(status -> status == DeleteStatus.DELETED));
    }

    /**
     * As {@link EntryStore#restore}: puts back the entry a failed write may have destroyed, unless somebody wrote
     * the key meanwhile. Best effort: the future always completes normally, a failure here is only logged.
     */
    public CompletableFuture<Void> restore(Snapshot previous, long ttlSeconds) {
        StoredEntry entry = previous.entry();
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        StoreRequest add =
                new StoreRequest(previous.memcachedKey(), EntryCodec.encode(entry), 0, ttlSeconds, 0, StoreMode.ADD);
        return invalidatingAfter(previous.memcachedKey(), client.storeAsync(add))
                .handle((status, failure) -> {
                    if (failure != null) {
                        LOG.log(
                                Level.FINE,
                                "could not restore " + previous.memcachedKey() + " after a failed write",
                                failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return null;
                });
    }

    /** @return a future completing as {@code request} does, once the key is invalidated in the near cache */
    private <T> CompletableFuture<T> invalidatingAfter(String memcachedKey, CompletableFuture<T> request) {
        if (near == null) {
            return request;
        }
        return request.whenComplete((result, failure) -> invalidate(memcachedKey));
    }

    private void invalidate(String memcachedKey) {
        if (near != null) {
            near.invalidate(memcachedKey);
        }
    }

    /** As {@link EntryStore#read} does: tells the near cache the key was read from its server. */
    private void readFromServer(String memcachedKey) {
        if (near != null) {
            near.readFromServer(memcachedKey);
        }
    }
}
