package io.memjcache.jcache.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The blocking requests of a {@link MemcachedClient} that write a few commands to one server together, one round
 * trip, and relies on the server answering a connection's commands in order: a header read with a key's read or
 * store, a store with the reads that must follow it, a delete with the store that must land right after it. See
 * the client's methods of the same names for what each is for.
 *
 * <p>Thread-safe (the pools are). Arguments must not be null; nothing returns null.
 */
final class CombinedRequests {

    private final List<ServerAddress> servers;
    private final List<ServerPool> pools;
    /** The client's owner of a key (validating it, and failing once the client is closed). */
    private final ToIntFunction<String> serverIndex;
    /** The client's pool of a server (failing for a server not its own, and once the client is closed). */
    private final Function<ServerAddress, ServerPool> poolOf;

    CombinedRequests(
            List<ServerAddress> servers,
            List<ServerPool> pools,
            ToIntFunction<String> serverIndex,
            Function<ServerAddress, ServerPool> poolOf) {
        this.servers = servers;
        this.pools = pools;
        this.serverIndex = serverIndex;
        this.poolOf = poolOf;
    }

    /** {@code mg <header> v} and {@code mg <key> v c f t} to the server at {@code index}. */
    ServerRead get(int index, String key, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaGetCommand command = new MetaGetCommand(key);
        List<Optional<StoredValue>> results = pools.get(index).sendEach(List.of(header, command));
        Optional<StoredValue> item = results.get(1);
        return new ServerRead(
                servers.get(index),
                results.get(0),
                List.of(key),
                item.isPresent() ? Map.of(key, item.get()) : Map.of());
    }

    /** {@code mg <header> v} and {@code mg <key> c} to the key's server. */
    HeaderedCas casAfterHeader(String key, String headerKey) {
        int index = serverIndex.applyAsInt(key);
        List<Object> results = pools.get(index)
                .<Object>sendEach(List.of(MetaGetCommand.valueOnly(headerKey), new MetaCasCommand(key)));
        return new HeaderedCas(
                servers.get(index), ((Optional<?>) results.get(0)).map(StoredValue.class::cast), (Long) results.get(1));
    }

    /** {@code mg <header> v} and then {@code ms ... c} to the key's server. */
    HeaderedStore storeAfterHeader(StoreRequest request, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaSetCasCommand command = new MetaSetCasCommand(Objects.requireNonNull(request, "request"));
        int index = serverIndex.applyAsInt(request.key());
        List<Object> results = pools.get(index).<Object>sendEach(List.of(header, command));
        return new HeaderedStore(
                servers.get(index), ((Optional<?>) results.get(0)).map(StoredValue.class::cast), (StoreOutcome)
                        results.get(1));
    }

    /** {@code store}, then the values of {@code keys}, all to {@code server}; the store's status is dropped. */
    List<Optional<StoredValue>> storeThenGetOn(ServerAddress server, StoreRequest store, List<String> keys) {
        List<MetaCommand<?>> commands = new ArrayList<>(keys.size() + 1);
        commands.add(new MetaSetCommand(Objects.requireNonNull(store, "store")));
        for (String key : keys) {
            commands.add(MetaGetCommand.valueOnly(key));
        }
        List<Object> results = poolOf.apply(server).<Object>sendEach(commands);
        List<Optional<StoredValue>> values = new ArrayList<>(keys.size());
        for (Object result : results.subList(1, results.size())) {
            values.add(((Optional<?>) result).map(StoredValue.class::cast));
        }
        return values;
    }

    /** {@code md <key> [C<cas>]}, then {@code then}, to the server owning {@code key}. */
    DeleteStatus deleteThenStore(String key, long cas, StoreRequest then) {
        MetaDeleteCommand delete = new MetaDeleteCommand(key, cas);
        MetaSetCommand store = new MetaSetCommand(Objects.requireNonNull(then, "then"));
        return (DeleteStatus) pools.get(serverIndex.applyAsInt(key))
                .<Object>sendEach(List.of(delete, store))
                .get(0);
    }
}
