package io.memjcache.jcache.client;

import io.memjcache.jcache.management.ServerStatisticsMXBean;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A blocking memcached client on the meta protocol. Internal: not part of the provider's API.
 *
 * <p>Keys are 1 to 250 printable ASCII characters without spaces (else {@link IllegalArgumentException}); each
 * belongs to one server, chosen by libmemcached-compatible weighted ketama hashing. Single-key requests of all
 * threads share a few connections per server, pipelined (one write carries the requests queued meanwhile); every
 * server also has a bounded pool of connections for requests that go alone. Bulk methods send one pipelined batch
 * of quiet commands per server, the servers in parallel on a small pool of daemon threads owned by the client. A
 * server that fails or times out is skipped for the retry delay (growing while it keeps failing); its operations
 * then fail at once, other servers keep working.
 * No call blocks longer than the connect timeout plus the operation timeout plus the borrow timeout.
 *
 * <p>For data every server keeps a copy of under one name (the provider's per-server generation counters), the
 * {@code ...On} methods address a given server instead of the one the ring chooses, and
 * {@link #getAll(Collection, String)} reads such a per-server key in the same batch as each server's keys.
 *
 * <p>With more than one replica ({@link #create(ClientConfig, int)}) the client only places them:
 * {@link #replicaServers} names a key's owner and the next distinct servers on the ring, and the caller copies (the
 * cache layer's {@code Replicas}), counting what it does in {@link #replicationStats()}.
 *
 * <p>Failures are {@link MemcachedException}s naming the server. Thread-safe; arguments must not be null and
 * nothing returns null. The multi-key batches are {@code KeyBatches}, run on the servers by {@code ServerFanOut}.
 *
 * <h2>Asynchronous operations</h2>
 * The {@code ...Async} methods are the non-blocking twins of the operations the cache layer's single-key paths use,
 * for one replica (a client made with more replicas places them, but the asynchronous twins address the key's
 * owner only). They return at once; no thread waits per call in flight. Each server has a fixed number of
 * channels ({@link ClientConfig#asyncConnections()}), opened at the first asynchronous call, each pipelined and
 * shared by every caller: requests are written as they come, one flush per batch queued meanwhile, and answers are
 * matched in order. Every request has the operation timeout as its deadline: a channel whose oldest request is
 * overdue fails all its requests with the timeout and is closed (the server is marked down, as on the blocking
 * path, and its later calls fail at once for the retry delay); a lost connection fails exactly the requests
 * written to it. Beyond {@link ClientConfig#asyncMaxInFlight()} commands in flight to a server, a call fails at
 * once with a {@link MemcachedException} naming the server and the limit: there is no waiting in an asynchronous
 * call. Failures are the blocking twin's exceptions, inside the future (invalid arguments and a closed client
 * included).
 *
 * <p>The futures complete on the client's I/O thread ({@code memjcache-io-...}): a dependent stage attached with
 * {@code thenApply}, {@code thenAccept} ... runs there and must not block (nor call a blocking method of this
 * client), or it holds up every channel. Attach work that may block with the {@code ...Async} forms and an
 * executor ({@code thenApplyAsync(fn, executor)}).
 */
public final class MemcachedClient implements AutoCloseable {

    private final ClientConfig config;
    private final KetamaRing ring;
    private final List<ServerPool> pools;
    private final ServerFanOut fanOut;
    private final KeyBatches batches;
    private final DeadlineWatch deadlines;
    private final int replicas;
    private final ReplicationStats replicationStats = new ReplicationStats();
    /** Starts no thread until a replicated read uses it. */
    private final BoundedWaits boundedWaits = new BoundedWaits();
    /** Told each time a server is marked down (see {@link #onServerDown}). */
    private final ServerDownListeners downListeners = new ServerDownListeners();

    private final CombinedRequests combined;
    private final EveryServerRequests everyServer;

    /** Starts no thread until the first asynchronous call. */
    private final LazyAsyncIo asyncIo;

    private final AsyncOperations async;

    private volatile boolean closed;

    private MemcachedClient(ClientConfig config, int replicas, InstantSource clock) {
        if (replicas < 1 || replicas > config.servers().size()) {
            throw new IllegalArgumentException("replicas must be 1 to the number of servers ("
                    + config.servers().size() + "), was " + replicas);
        }
        this.config = config;
        this.replicas = replicas;
        this.ring = KetamaRing.of(config.servers());
        this.deadlines = new DeadlineWatch("memjcache-deadline-watch");
        List<ServerPool> list = new ArrayList<>();
        for (ServerAddress server : config.servers()) {
            list.add(new ServerPool(server, config, clock, deadlines, downListeners::serverWentDown));
        }
        this.pools = List.copyOf(list);
        this.fanOut = new ServerFanOut(config.servers(), pools);
        this.batches = new KeyBatches(config.servers(), this::serverIndex, fanOut);
        this.combined = new CombinedRequests(config.servers(), pools, this::serverIndex, this::poolOf);
        this.everyServer = new EveryServerRequests(config, pools, fanOut, this::ensureOpen, this::poolOf);
        this.asyncIo = new LazyAsyncIo(pools, config, this::ensureOpen);
        this.async = new AsyncOperations(config.servers(), asyncIo::server, this::serverIndex);
    }

    /** Connects lazily: creation never blocks on the network. */
    public static MemcachedClient create(ClientConfig config) {
        return create(config, 1);
    }

    /**
     * As {@link #create(ClientConfig)}, keeping every key on {@code replicas} servers (see {@link #replicas()}).
     *
     * @throws IllegalArgumentException when {@code replicas} is not 1 to the number of servers
     */
    public static MemcachedClient create(ClientConfig config, int replicas) {
        return create(config, replicas, InstantSource.system());
    }

    /** As {@link #create(ClientConfig)}, with the clock that times the retry delay of failed servers. */
    static MemcachedClient create(ClientConfig config, InstantSource clock) {
        return create(config, 1, clock);
    }

    /** As {@link #create(ClientConfig, int)}, with the clock that times the retry delay of failed servers. */
    static MemcachedClient create(ClientConfig config, int replicas, InstantSource clock) {
        return new MemcachedClient(Objects.requireNonNull(config, "config"), replicas, Objects.requireNonNull(clock));
    }

    /**
     * @return on how many distinct servers each key is kept (1: its owner alone); the client only places them,
     *     the copying is the caller's (see {@link #replicaServers})
     */
    public int replicas() {
        return replicas;
    }

    /**
     * The servers that keep {@code key}: its owner first, then the next {@link #replicas()} - 1 distinct servers
     * clockwise on the ring, as libmemcached places replicas.
     */
    public List<ServerAddress> replicaServers(String key) {
        int[] indexes = ring.serverIndexes(validKey(key), replicas);
        List<ServerAddress> servers = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            servers.add(config.servers().get(index));
        }
        return servers;
    }

    /** @return the counts of the replicated operations, kept by the callers that replicate (thread-safe) */
    public ReplicationStats replicationStats() {
        return replicationStats;
    }

    /** {@code mg <key> v c f t}; empty on miss. */
    public Optional<StoredValue> get(String key) {
        MetaGetCommand command = new MetaGetCommand(key);
        return poolFor(key).send(command);
    }

    /** Pipelined: one batch per server (quiet mg ... q + mn), servers in parallel. Missing keys are absent. */
    public Map<String, StoredValue> getAll(Collection<String> keys) {
        ensureOpen();
        return batches.getAll(keys);
    }

    /**
     * As {@link #getAll(Collection)}, and each server that owns at least one of the keys also answers for
     * {@code headerKey}, read first in that server's batch: a value every server keeps under the same name (such
     * as a per-server counter) comes with the keys it concerns, in the same round trip. Servers owning none of
     * the keys are not contacted; no keys means no request at all.
     *
     * @return per server contacted, in configuration order, its header item and its share of the keys
     */
    public List<ServerRead> getAll(Collection<String> keys, String headerKey) {
        ensureOpen();
        return batches.getAll(keys, headerKey);
    }

    /**
     * As {@link #getAll(Collection, String)} for one key, without its per-server bookkeeping, and shorter on the
     * wire: {@code mg <header> v} and {@code mg <key> v c f t}, written together to the key's server, one round
     * trip. Only the header's value is read: its item comes with CAS token 0, client flags 0 and TTL -1.
     *
     * @return the header item of the key's server (its value alone) and the key's item, if found
     */
    public ServerRead get(String key, String headerKey) {
        return combined.get(serverIndex(key), key, headerKey);
    }

    /**
     * As {@link #get(String, String)}, on the given server instead of the one the ring chooses: for a copy of
     * the key kept on another server, read with that server's header.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public ServerRead getOn(ServerAddress server, String key, String headerKey) {
        return combined.get(indexOf(server), Keys.validate(key), headerKey);
    }

    /**
     * Runs {@code request} (requests to {@code server}, and what the caller does with their answers) on a thread of
     * the client's and waits for it at most {@code waitNanos}: for a replicated read, which asks the next replica
     * rather than wait out a silent server. The request is not cut short: its requests complete or time out on
     * their connections as any other, marking the server down if they time out, and its late result is discarded.
     *
     * @throws MemcachedException as {@code request}, or naming {@code server} when {@code request} did not complete
     *     within {@code waitNanos} (its message then says "no answer within")
     */
    public <T> T within(ServerAddress server, long waitNanos, Supplier<T> request) {
        ensureOpen();
        return boundedWaits.await(server, waitNanos, request);
    }

    /**
     * As {@link #within} for several servers at once, each with its own request, all waited for at most
     * {@code waitNanos} from now: a replicated read of several servers' keys. Each outcome is handed over on the
     * calling thread, in the order of {@code requests}: a result to {@code answered}, a failure or a late answer
     * ("no answer within") to {@code failed}.
     */
    public <T> void withinEach(
            Map<ServerAddress, Supplier<T>> requests,
            long waitNanos,
            BiConsumer<ServerAddress, T> answered,
            BiConsumer<ServerAddress, MemcachedException> failed) {
        ensureOpen();
        boundedWaits.awaitEach(requests, waitNanos, answered, failed);
    }

    /** @return the longest one request may wait for its answer */
    public Duration operationTimeout() {
        return config.operationTimeout();
    }

    /** As {@link #get(String)}, asynchronously (see the class comment). */
    public CompletableFuture<Optional<StoredValue>> getAsync(String key) {
        return attempt(() -> async.send(serverIndex(key), new MetaGetCommand(key)));
    }

    /** As {@link #get(String, String)}, asynchronously (see the class comment): both reads on one channel. */
    public CompletableFuture<ServerRead> getAsync(String key, String headerKey) {
        return attempt(() -> async.get(serverIndex(key), key, headerKey));
    }

    /** As {@link #getOn(ServerAddress, String)}, asynchronously (see the class comment). */
    public CompletableFuture<Optional<StoredValue>> getOnAsync(ServerAddress server, String key) {
        return attempt(() -> async.send(indexOf(server), new MetaGetCommand(key)));
    }

    /**
     * As {@link #getAll(Collection, String)}, asynchronously (see the class comment): one pipelined batch per server
     * on one of its channels. A batch counts its keys plus the header against the server's in-flight limit.
     */
    public CompletableFuture<List<ServerRead>> getAllAsync(Collection<String> keys, String headerKey) {
        return attempt(() -> {
            ensureOpen();
            return async.getAll(keys, headerKey);
        });
    }

    /** As {@link #casAfterHeader(String, String)}, asynchronously (see the class comment): both reads on one channel. */
    public CompletableFuture<HeaderedCas> casAfterHeaderAsync(String key, String headerKey) {
        return attempt(() -> async.casAfterHeader(key, headerKey));
    }

    /** As {@link #store(StoreRequest)}, asynchronously (see the class comment). */
    public CompletableFuture<StoreStatus> storeAsync(StoreRequest request) {
        return attempt(() -> async.send(serverIndex(request.key()), new MetaSetCommand(request)));
    }

    /** As {@link #storeReturningCas(StoreRequest)}, asynchronously (see the class comment). */
    public CompletableFuture<StoreOutcome> storeReturningCasAsync(StoreRequest request) {
        return attempt(() -> async.send(serverIndex(request.key()), new MetaSetCasCommand(request)));
    }

    /** As {@link #storeAfterHeader(StoreRequest, String)}, asynchronously (see the class comment): one channel. */
    public CompletableFuture<HeaderedStore> storeAfterHeaderAsync(StoreRequest request, String headerKey) {
        return attempt(() -> async.storeAfterHeader(request, headerKey));
    }

    /** As {@link #delete(String, long)}, asynchronously (see the class comment). */
    public CompletableFuture<DeleteStatus> deleteAsync(String key, long cas) {
        return attempt(() -> async.send(serverIndex(key), new MetaDeleteCommand(key, cas)));
    }

    /** As {@link #incrementOn(ServerAddress, String, long, long, long)}, asynchronously (see the class comment). */
    public CompletableFuture<Long> incrementOnAsync(
            ServerAddress server, String key, long delta, long initialIfMissing, long ttlSeconds) {
        return attempt(
                () -> async.send(indexOf(server), new MetaArithmeticCommand(key, delta, initialIfMissing, ttlSeconds)));
    }

    /**
     * @return the asynchronous client's commands in flight to {@code server}: sent or queued, not yet answered (0
     *         before the first asynchronous call); what {@link ClientConfig#asyncMaxInFlight()} bounds
     */
    public int asyncInFlight(ServerAddress server) {
        return asyncIo.inFlight(indexOf(server));
    }

    /** @return the future {@code call} returns, or one failed with what it threw (a bad argument, a closed client) */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code ms} with mode, client flags, TTL, and CAS compare (0 = none). */
    public StoreStatus store(StoreRequest request) {
        MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
        return poolFor(request.key()).send(command);
    }

    /** As {@link #store(StoreRequest)}, answered with the stored item's new CAS token ({@code ms ... c}). */
    public StoreOutcome storeReturningCas(StoreRequest request) {
        MetaSetCasCommand command = new MetaSetCasCommand(Objects.requireNonNull(request, "request"));
        return poolFor(request.key()).send(command);
    }

    /**
     * {@code mg <header> v} and then {@code ms ... c} (as {@link #storeReturningCas}), written together to the
     * key's server, one round trip. The server answers a connection's commands in order, so the header is read
     * before the store lands: a caller that knows the value the header had when it last looked can tell whether it
     * still had it just before the store.
     *
     * @return the header item of the key's server (its value alone) and the store's outcome
     */
    public HeaderedStore storeAfterHeader(StoreRequest request, String headerKey) {
        return combined.storeAfterHeader(request, headerKey);
    }

    /**
     * {@code mg <header> v} and {@code mg <key> c}, written together to the key's server, one round trip that
     * carries no value of the key: for a reader holding a copy of the item, to learn whether it is still the one
     * stored, in the same generation.
     *
     * @return the header item of the key's server (its value alone) and the key's CAS token (0 when missing)
     */
    public HeaderedCas casAfterHeader(String key, String headerKey) {
        return combined.casAfterHeader(key, headerKey);
    }

    /** Pipelined per server; result per key (for a key given twice, the last request wins). */
    public Map<String, StoreStatus> storeAll(List<StoreRequest> requests) {
        ensureOpen();
        return batches.storeAll(requests);
    }

    /** {@code md <key> [C<cas>]}; cas 0 = unconditional. */
    public DeleteStatus delete(String key, long cas) {
        MetaDeleteCommand command = new MetaDeleteCommand(key, cas);
        return poolFor(key).send(command);
    }

    /** Pipelined per server (quiet md ... q + mn), each delete unconditional. */
    public Map<String, DeleteStatus> deleteAll(Collection<String> keys) {
        Map<String, Long> unconditional = new LinkedHashMap<>();
        for (String key : keys) {
            unconditional.put(Objects.requireNonNull(key, "key"), 0L);
        }
        return deleteAll(unconditional);
    }

    /**
     * Pipelined per server (quiet {@code md <key> C<cas> q} ... + mn), servers in parallel: each key is deleted
     * only if its item still has the given CAS token (0 = unconditional), so a batch of deletes can be as
     * optimistic as single ones. Status per key: DELETED, NOT_FOUND, or EXISTS when the item changed.
     */
    public Map<String, DeleteStatus> deleteAll(Map<String, Long> casByKey) {
        ensureOpen();
        return batches.deleteAll(casByKey);
    }

    /**
     * {@code ma <key> N<ttl> J<initial> D<delta> v}: adds {@code delta} (subtracts, stopping at 0, when negative),
     * creating the counter with {@code initialIfMissing} (delta not applied) when missing, and returns the new
     * value. memcached counters are unsigned 64-bit; values above {@link Long#MAX_VALUE} come back negative.
     */
    public long increment(String key, long delta, long initialIfMissing, long ttlSeconds) {
        MetaArithmeticCommand command = new MetaArithmeticCommand(key, delta, initialIfMissing, ttlSeconds);
        return poolFor(key).send(command);
    }

    /**
     * As {@link #get(String)}, on the given server instead of the one the ring chooses: for a key every server
     * keeps a copy of under the same name.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public Optional<StoredValue> getOn(ServerAddress server, String key) {
        MetaGetCommand command = new MetaGetCommand(key);
        return poolOf(server).send(command);
    }

    /**
     * As {@link #store(StoreRequest)}, on the given server instead of the one the ring chooses.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public StoreStatus storeOn(ServerAddress server, StoreRequest request) {
        MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
        return poolOf(server).send(command);
    }

    /**
     * As {@link #increment(String, long, long, long)}, on the given server instead of the one the ring chooses.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public long incrementOn(ServerAddress server, String key, long delta, long initialIfMissing, long ttlSeconds) {
        MetaArithmeticCommand command = new MetaArithmeticCommand(key, delta, initialIfMissing, ttlSeconds);
        return poolOf(server).send(command);
    }

    /**
     * All live keys starting with {@code prefix} on every server ({@code lru_crawler metadump hash}, URI-decoded),
     * in no particular order. The operation timeout bounds each pause in a server's dump, not the whole dump.
     */
    public List<String> keysWithPrefix(String prefix) {
        return everyServer.keysWithPrefix(prefix);
    }

    /**
     * @return each server's statistics (state, requests, errors, timeouts, latency, connections), in configuration
     *     order: live views, read at each call of their getters
     */
    public List<ServerStatisticsMXBean> serverStatistics() {
        List<ServerStatisticsMXBean> statistics = new ArrayList<>();
        for (ServerPool pool : pools) {
            statistics.add(pool.metrics());
        }
        return statistics;
    }

    /**
     * As {@link #keysWithPrefix(String)}, on one server only: for a caller that can do without a server that
     * fails (its keys being kept on others too).
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public List<String> keysWithPrefixOn(ServerAddress server, String prefix) {
        return everyServer.keysWithPrefixOn(server, prefix);
    }

    /**
     * Contacts every server at once on a new connection (connect, TLS and authentication as configured,
     * {@code version}, {@code mn}) to find those that cannot serve: unreachable, refusing the TLS handshake or the
     * credentials, older than memcached 1.6, or not memcached at all. Bounded by the connect timeout plus two
     * operation timeouts. Marks no server down.
     *
     * @return one line per server that cannot serve, {@code host:port: what is wrong}, in configuration order;
     *     empty when all can
     */
    public List<String> checkServers() {
        return everyServer.checkServers();
    }

    /**
     * Registers {@code listener} to be told each time a server is marked down after a failure (once per outage),
     * on the thread whose request failed: it must be quick and must not throw.
     *
     * @return removes the listener
     */
    public Runnable onServerDown(Consumer<ServerAddress> listener) {
        return downListeners.add(listener);
    }

    /**
     * Opens a {@code watch} stream of {@code server} on a connection of its own (connect, TLS, authentication as
     * every connection), trying each of {@code choices} (the streams, such as {@code mutations evictions}) in turn
     * until the server accepts one. Its failures do not mark the server down.
     *
     * @param idle the longest wait for a line once watching (a read that waits longer fails)
     * @throws IOException when it cannot connect or every choice was refused
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public WatchConnection openWatch(ServerAddress server, List<String> choices, Duration idle) throws IOException {
        return poolOf(server).openWatch(List.copyOf(choices), idle);
    }

    /**
     * Writes {@code store} and reads {@code keys} (their values only), all to {@code server} in one write, one round
     * trip, in that order. The store's own status is not reported: for a store made only to be seen on the server's
     * watch stream, together with reads that must happen after it was sent.
     *
     * @return the items of {@code keys}, in order, each empty when missing
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public List<Optional<StoredValue>> storeThenGetOn(ServerAddress server, StoreRequest store, List<String> keys) {
        return combined.storeThenGetOn(server, store, keys);
    }

    /**
     * As {@link #delete(String, long)}, followed in the same write, on the same server (the one owning {@code key},
     * whatever server {@code then}'s key belongs to), by {@code then}: a store that must land right after the delete
     * and where the delete did, such as a marker the server's watch stream shows in place of the delete it does not
     * log. The store is made whatever the delete answers; its own status is not reported.
     */
    public DeleteStatus deleteThenStore(String key, long cas, StoreRequest then) {
        return combined.deleteThenStore(key, cas, then);
    }

    /** The servers, in configuration order. */
    public List<ServerAddress> servers() {
        return config.servers();
    }

    /** Closes every pooled connection; further calls throw IllegalStateException. */
    @Override
    public void close() {
        closed = true;
        asyncIo.close();
        pools.forEach(ServerPool::close);
        fanOut.close();
        boundedWaits.close();
        deadlines.close();
    }

    // ---- test hooks and internals ----

    /** @return the index in {@link #servers()} of the server that owns {@code key} */
    int serverIndex(String key) {
        String valid = validKey(key);
        return pools.size() == 1 ? 0 : ring.serverIndex(valid); // one server owns every key: no hashing
    }

    private String validKey(String key) {
        ensureOpen();
        return Keys.validate(key);
    }

    /** @return the asynchronous channels of the server at {@code index} in {@link #servers()} (made if need be) */
    AsyncServer asyncChannels(int index) {
        return asyncIo.server(index);
    }

    /** @return the pool of the server at {@code index} in {@link #servers()} */
    ServerPool pool(int index) {
        return pools.get(index);
    }

    private ServerPool poolFor(String key) {
        return pools.get(serverIndex(key));
    }

    private ServerPool poolOf(ServerAddress server) {
        return pools.get(indexOf(server));
    }

    private int indexOf(ServerAddress server) {
        ensureOpen();
        int index = config.servers().indexOf(Objects.requireNonNull(server, "server"));
        if (index < 0) {
            throw new IllegalArgumentException(server + " is not one of the client's servers " + config.servers());
        }
        return index;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memcached client is closed");
        }
    }
}
