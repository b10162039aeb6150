package io.memjcache.jcache.client;

import io.memjcache.jcache.support.DaemonThreads;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A blocking memcached client on the meta protocol. Internal: not part of the provider's API.
 *
 * <p>Keys are 1 to 250 printable ASCII characters without spaces (else {@link IllegalArgumentException}); each
 * belongs to one server, chosen by libmemcached-compatible weighted ketama hashing. Every server has a bounded
 * connection pool. Bulk methods send one pipelined batch of quiet commands per server, the servers in parallel
 * on a small pool of daemon threads owned by the client. A server that fails or times out is skipped for the
 * retry delay (growing while it keeps failing); its operations then fail at once, other servers keep working.
 * No call blocks longer than the connect timeout plus the operation timeout plus the borrow timeout.
 *
 * <p>For data every server keeps a copy of under one name (the provider's per-server generation counters), the
 * {@code ...On} methods address a given server instead of the one the ring chooses, and
 * {@link #getAll(Collection, String)} reads such a per-server key in the same batch as each server's keys.
 *
 * <p>Failures are {@link MemcachedException}s naming the server. Thread-safe; arguments must not be null and
 * nothing returns null.
 */
public final class MemcachedClient implements AutoCloseable {

    private final ClientConfig config;
    private final KetamaRing ring;
    private final List<ServerPool> pools;
    private final ThreadPoolExecutor batchExecutor;
    private final DeadlineWatch deadlines;
    private volatile boolean closed;

    private MemcachedClient(ClientConfig config, InstantSource clock) {
        this.config = config;
        this.ring = KetamaRing.of(config.servers());
        this.deadlines = new DeadlineWatch("memjcache-deadline-watch");
        List<ServerPool> list = new ArrayList<>();
        for (ServerAddress server : config.servers()) {
            list.add(new ServerPool(server, config, clock, deadlines));
        }
        this.pools = List.copyOf(list);
        // No queue: when every thread is busy the caller runs the batch itself instead of waiting in line.
        int threads = Math.min(64, 4 * config.servers().size());
        this.batchExecutor = new ThreadPoolExecutor(
                0,
                threads,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                DaemonThreads.named("memjcache-batch"),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Connects lazily: creation never blocks on the network. */
    public static MemcachedClient create(ClientConfig config) {
        return create(config, InstantSource.system());
    }

    /** As {@link #create(ClientConfig)}, with the clock that times the retry delay of failed servers. */
    static MemcachedClient create(ClientConfig config, InstantSource clock) {
        return new MemcachedClient(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock));
    }

    /** {@code mg <key> v c f t}; empty on miss. */
    public Optional<StoredValue> get(String key) {
        MetaGetCommand command = new MetaGetCommand(key);
        return poolFor(key).execute(connection -> Pipeline.execute(connection, command));
    }

    /** Pipelined: one batch per server (quiet mg ... q + mn), servers in parallel. Missing keys are absent. */
    public Map<String, StoredValue> getAll(Collection<String> keys) {
        Map<Integer, List<MetaGetCommand>> batches = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(keys)) {
            MetaGetCommand command = new MetaGetCommand(key);
            batches.computeIfAbsent(serverIndex(key), i -> new ArrayList<>()).add(command);
        }
        Map<String, StoredValue> found = new HashMap<>();
        runBatches(batches, (server, commands, results) -> {
            for (int i = 0; i < commands.size(); i++) {
                String key = commands.get(i).key();
                results.get(i).ifPresent(value -> found.put(key, value));
            }
        });
        return found;
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
        MetaGetCommand header = new MetaGetCommand(headerKey);
        Map<Integer, List<MetaGetCommand>> batches = new TreeMap<>(); // configuration order
        for (String key : new LinkedHashSet<>(keys)) {
            MetaGetCommand command = new MetaGetCommand(key);
            batches.computeIfAbsent(serverIndex(key), i -> new ArrayList<>(List.of(header)))
                    .add(command);
        }
        List<ServerRead> reads = new ArrayList<>();
        runBatches(batches, (server, commands, results) -> {
            List<String> owned = new ArrayList<>();
            Map<String, StoredValue> found = new HashMap<>();
            for (int i = 1; i < commands.size(); i++) {
                String key = commands.get(i).key();
                owned.add(key);
                results.get(i).ifPresent(value -> found.put(key, value));
            }
            reads.add(new ServerRead(config.servers().get(server), results.get(0), owned, found));
        });
        return reads;
    }

    /**
     * As {@link #getAll(Collection, String)} for one key, without its per-server bookkeeping, and shorter on the
     * wire: {@code mg <header> v} and {@code mg <key> v c f t}, written together to the key's server, one round
     * trip. Only the header's value is read: its item comes with CAS token 0, client flags 0 and TTL -1.
     *
     * @return the header item of the key's server (its value alone) and the key's item, if found
     */
    public ServerRead get(String key, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaGetCommand command = new MetaGetCommand(key);
        int index = serverIndex(key);
        List<Optional<StoredValue>> results =
                pools.get(index).execute(connection -> Pipeline.executeEach(connection, List.of(header, command)));
        Optional<StoredValue> item = results.get(1);
        return new ServerRead(
                config.servers().get(index),
                results.get(0),
                List.of(key),
                item.isPresent() ? Map.of(key, item.get()) : Map.of());
    }

    /** {@code ms} with mode, client flags, TTL, and CAS compare (0 = none). */
    public StoreStatus store(StoreRequest request) {
        MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
        return poolFor(request.key()).execute(connection -> Pipeline.execute(connection, command));
    }

    /** As {@link #store(StoreRequest)}, answered with the stored item's new CAS token ({@code ms ... c}). */
    public StoreOutcome storeReturningCas(StoreRequest request) {
        MetaSetCasCommand command = new MetaSetCasCommand(Objects.requireNonNull(request, "request"));
        return poolFor(request.key()).execute(connection -> Pipeline.execute(connection, command));
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
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaSetCasCommand command = new MetaSetCasCommand(Objects.requireNonNull(request, "request"));
        int index = serverIndex(request.key());
        List<Object> results = pools.get(index)
                .execute(connection -> Pipeline.<Object>executeEach(connection, List.of(header, command)));
        return new HeaderedStore(
                config.servers().get(index), ((Optional<?>) results.get(0)).map(StoredValue.class::cast), (StoreOutcome)
                        results.get(1));
    }

    /** Pipelined per server; result per key (for a key given twice, the last request wins). */
    public Map<String, StoreStatus> storeAll(List<StoreRequest> requests) {
        Map<Integer, List<MetaSetCommand>> batches = new LinkedHashMap<>();
        for (StoreRequest request : requests) {
            MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
            batches.computeIfAbsent(serverIndex(request.key()), i -> new ArrayList<>())
                    .add(command);
        }
        Map<String, StoreStatus> statuses = new HashMap<>();
        // A key's requests all go to one server, in order, so the later answer is recorded later.
        runBatches(batches, (server, commands, results) -> {
            for (int i = 0; i < commands.size(); i++) {
                statuses.put(commands.get(i).key(), results.get(i));
            }
        });
        return statuses;
    }

    /** {@code md <key> [C<cas>]}; cas 0 = unconditional. */
    public DeleteStatus delete(String key, long cas) {
        MetaDeleteCommand command = new MetaDeleteCommand(key, cas);
        return poolFor(key).execute(connection -> Pipeline.execute(connection, command));
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
        Map<Integer, List<MetaDeleteCommand>> batches = new LinkedHashMap<>();
        casByKey.forEach((key, cas) -> {
            MetaDeleteCommand command = new MetaDeleteCommand(key, Objects.requireNonNull(cas, "cas"));
            batches.computeIfAbsent(serverIndex(key), i -> new ArrayList<>()).add(command);
        });
        Map<String, DeleteStatus> statuses = new HashMap<>();
        runBatches(batches, (server, commands, results) -> {
            for (int i = 0; i < commands.size(); i++) {
                statuses.put(commands.get(i).key(), results.get(i));
            }
        });
        return statuses;
    }

    /**
     * {@code ma <key> N<ttl> J<initial> D<delta> v}: adds {@code delta} (subtracts, stopping at 0, when negative),
     * creating the counter with {@code initialIfMissing} (delta not applied) when missing, and returns the new
     * value. memcached counters are unsigned 64-bit; values above {@link Long#MAX_VALUE} come back negative.
     */
    public long increment(String key, long delta, long initialIfMissing, long ttlSeconds) {
        MetaArithmeticCommand command = new MetaArithmeticCommand(key, delta, initialIfMissing, ttlSeconds);
        return poolFor(key).execute(connection -> Pipeline.execute(connection, command));
    }

    /**
     * As {@link #get(String)}, on the given server instead of the one the ring chooses: for a key every server
     * keeps a copy of under the same name.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public Optional<StoredValue> getOn(ServerAddress server, String key) {
        MetaGetCommand command = new MetaGetCommand(key);
        return poolOf(server).execute(connection -> Pipeline.execute(connection, command));
    }

    /**
     * As {@link #store(StoreRequest)}, on the given server instead of the one the ring chooses.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public StoreStatus storeOn(ServerAddress server, StoreRequest request) {
        MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
        return poolOf(server).execute(connection -> Pipeline.execute(connection, command));
    }

    /**
     * As {@link #increment(String, long, long, long)}, on the given server instead of the one the ring chooses.
     *
     * @throws IllegalArgumentException when {@code server} is not one of {@link #servers()}
     */
    public long incrementOn(ServerAddress server, String key, long delta, long initialIfMissing, long ttlSeconds) {
        MetaArithmeticCommand command = new MetaArithmeticCommand(key, delta, initialIfMissing, ttlSeconds);
        return poolOf(server).execute(connection -> Pipeline.execute(connection, command));
    }

    /**
     * All live keys starting with {@code prefix} on every server ({@code lru_crawler metadump hash}, URI-decoded),
     * in no particular order. The operation timeout bounds each pause in a server's dump, not the whole dump.
     */
    public List<String> keysWithPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        MetadumpCommand command =
                new MetadumpCommand(prefix, config.operationTimeout().toNanos());
        Map<Integer, List<Integer>> everyServer = new LinkedHashMap<>();
        for (int i = 0; i < pools.size(); i++) {
            everyServer.put(i, List.of());
        }
        List<List<String>> perServer =
                onServers(everyServer, (index, unused) -> pools.get(index).executeDedicated(command::execute));
        List<String> keys = new ArrayList<>();
        perServer.forEach(keys::addAll);
        return keys;
    }

    /** The servers, in configuration order. */
    public List<ServerAddress> servers() {
        return config.servers();
    }

    /** Closes every pooled connection; further calls throw IllegalStateException. */
    @Override
    public void close() {
        closed = true;
        pools.forEach(ServerPool::close);
        batchExecutor.shutdownNow();
        deadlines.close();
    }

    // ---- test hooks and internals ----

    /** @return the index in {@link #servers()} of the server that owns {@code key} */
    int serverIndex(String key) {
        ensureOpen();
        String valid = Keys.validate(key);
        return pools.size() == 1 ? 0 : ring.serverIndex(valid); // one server owns every key: no hashing
    }

    /** @return the pool of the server at {@code index} in {@link #servers()} */
    ServerPool pool(int index) {
        return pools.get(index);
    }

    private ServerPool poolFor(String key) {
        return pools.get(serverIndex(key));
    }

    private ServerPool poolOf(ServerAddress server) {
        ensureOpen();
        int index = config.servers().indexOf(Objects.requireNonNull(server, "server"));
        if (index < 0) {
            throw new IllegalArgumentException(server + " is not one of the client's servers " + config.servers());
        }
        return pools.get(index);
    }

    /** Consumes one server's commands and their results, in order, with the server's index. */
    @FunctionalInterface
    private interface BatchResults<C, R> {
        void accept(int serverIndex, List<C> commands, List<R> results);
    }

    private <R, C extends QuietCommand<R>> void runBatches(Map<Integer, List<C>> batches, BatchResults<C, R> sink) {
        List<List<R>> results = onServers(batches, (index, commands) -> pools.get(index)
                .execute(connection -> Pipeline.executeQuiet(connection, commands)));
        int i = 0;
        for (Map.Entry<Integer, List<C>> batch : batches.entrySet()) {
            // on the calling thread: the sinks need no locking
            sink.accept(batch.getKey(), batch.getValue(), results.get(i++));
        }
    }

    /** Work on one server: its index and its share of the input. */
    @FunctionalInterface
    private interface ServerWork<I, T> {
        T run(int serverIndex, I input);
    }

    /**
     * Runs {@code work} for each server in {@code inputs}, in parallel when there are several, and returns the
     * results in the same order. If any fails, the first failure is thrown (in server order), others suppressed.
     */
    private <I, T> List<T> onServers(Map<Integer, I> inputs, ServerWork<I, T> work) {
        ensureOpen();
        List<Map.Entry<Integer, I>> entries = new ArrayList<>(inputs.entrySet());
        if (entries.isEmpty()) {
            return List.of();
        }
        if (entries.size() == 1) {
            return List.of(work.run(entries.get(0).getKey(), entries.get(0).getValue()));
        }
        List<Future<T>> futures = new ArrayList<>();
        for (Map.Entry<Integer, I> entry : entries.subList(1, entries.size())) {
            futures.add(batchExecutor.submit(() -> work.run(entry.getKey(), entry.getValue())));
        }
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        try {
            results.add(work.run(entries.get(0).getKey(), entries.get(0).getValue()));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                failure = merge(failure, unwrap(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = merge(
                        failure,
                        new MemcachedException(
                                config.servers().get(entries.get(i + 1).getKey()),
                                "interrupted while waiting for the answer"));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("batch failed", cause);
    }

    private static RuntimeException merge(@Nullable RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memcached client is closed");
        }
    }
}
