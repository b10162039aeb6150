package io.memjcache.jcache.client;

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
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The multi-key operations of a {@link MemcachedClient}: each groups its keys by the server that owns them and
 * sends every server one pipelined batch of quiet commands, the servers in parallel (see {@link ServerFanOut}).
 * The client's methods of the same names document what each answers.
 *
 * <p>Thread-safe; holds no state of its own. Arguments must not be null and nothing returns null.
 */
final class KeyBatches {

    private final List<ServerAddress> servers;
    private final ToIntFunction<String> serverIndex;
    private final ServerFanOut fanOut;

    /**
     * @param serverIndex the index in {@code servers} of the server owning a key; it validates the key and fails
     *                    when the client is closed
     */
    KeyBatches(List<ServerAddress> servers, ToIntFunction<String> serverIndex, ServerFanOut fanOut) {
        this.servers = servers;
        this.serverIndex = serverIndex;
        this.fanOut = fanOut;
    }

    /** See {@link MemcachedClient#getAll(Collection)}. */
    Map<String, StoredValue> getAll(Collection<String> keys) {
        Map<Integer, List<MetaGetCommand>> batches = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(keys)) {
            MetaGetCommand command = new MetaGetCommand(key);
            batches.computeIfAbsent(serverIndex.applyAsInt(key), i -> new ArrayList<>())
                    .add(command);
        }
        Map<String, StoredValue> found = new HashMap<>();
        fanOut.runBatches(batches, (server, commands, results) -> {
            for (int i = 0; i < commands.size(); i++) {
                String key = commands.get(i).key();
                results.get(i).ifPresent(value -> found.put(key, value));
            }
        });
        return found;
    }

    /** See {@link MemcachedClient#getAll(Collection, String)}. */
    List<ServerRead> getAll(Collection<String> keys, String headerKey) {
        Map<Integer, List<MetaGetCommand>> batches = headerBatches(keys, headerKey, serverIndex);
        List<ServerRead> reads = new ArrayList<>();
        fanOut.runBatches(
                batches,
                (server, commands, results) -> reads.add(serverRead(servers.get(server), commands, results::get)));
        return reads;
    }

    /**
     * @return the batches of {@link MemcachedClient#getAll(Collection, String)}: per index of a server owning some
     *     of the keys, in configuration order, the header read and then that server's keys, each once
     */
    static Map<Integer, List<MetaGetCommand>> headerBatches(
            Collection<String> keys, String headerKey, ToIntFunction<String> serverIndex) {
        MetaGetCommand header = new MetaGetCommand(headerKey);
        Map<Integer, List<MetaGetCommand>> batches = new TreeMap<>(); // configuration order
        for (String key : new LinkedHashSet<>(keys)) {
            MetaGetCommand command = new MetaGetCommand(key);
            batches.computeIfAbsent(serverIndex.applyAsInt(key), i -> new ArrayList<>(List.of(header)))
                    .add(command);
        }
        return batches;
    }

    /**
     * @param commands a batch of {@link #headerBatches}
     * @param results  the result of command i
     * @return what {@code server} answered to the batch
     */
    static ServerRead serverRead(
            ServerAddress server, List<MetaGetCommand> commands, IntFunction<Optional<StoredValue>> results) {
        List<String> owned = new ArrayList<>();
        Map<String, StoredValue> found = new HashMap<>();
        for (int i = 1; i < commands.size(); i++) {
            String key = commands.get(i).key();
            owned.add(key);
            results.apply(i).ifPresent(value -> found.put(key, value));
        }
        return new ServerRead(server, results.apply(0), owned, found);
    }

    /** See {@link MemcachedClient#storeAll(List)}. */
    Map<String, StoreStatus> storeAll(List<StoreRequest> requests) {
        Map<Integer, List<MetaSetCommand>> batches = new LinkedHashMap<>();
        for (StoreRequest request : requests) {
            MetaSetCommand command = new MetaSetCommand(Objects.requireNonNull(request, "request"));
            batches.computeIfAbsent(serverIndex.applyAsInt(request.key()), i -> new ArrayList<>())
                    .add(command);
        }
        // A key's requests all go to one server, in order, so the later answer is recorded later.
        return statusPerKey(batches);
    }

    /** See {@link MemcachedClient#deleteAll(Map)}. */
    Map<String, DeleteStatus> deleteAll(Map<String, Long> casByKey) {
        Map<Integer, List<MetaDeleteCommand>> batches = new LinkedHashMap<>();
        casByKey.forEach((key, cas) -> {
            MetaDeleteCommand command = new MetaDeleteCommand(key, Objects.requireNonNull(cas, "cas"));
            batches.computeIfAbsent(serverIndex.applyAsInt(key), i -> new ArrayList<>())
                    .add(command);
        });
        return statusPerKey(batches);
    }

    /** Runs the batches of keyed commands; @return each key's result, the later one for a key given twice */
    private <R, C extends QuietCommand<R>> Map<String, R> statusPerKey(Map<Integer, List<C>> batches) {
        Map<String, R> statuses = new HashMap<>();
        fanOut.runBatches(batches, (server, commands, results) -> {
            for (int i = 0; i < commands.size(); i++) {
                statuses.put(commands.get(i).key(), results.get(i));
            }
        });
        return statuses;
    }
}
