package io.memjcache.jcache.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The asynchronous operations of {@link MemcachedClient}: the same commands as the blocking ones, sent on the
 * servers' asynchronous channels ({@link AsyncServer}), the results built as the blocking methods build them.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; futures are never null.
 */
final class AsyncOperations {

    private final List<ServerAddress> servers;
    private final IntFunction<AsyncServer> channels;
    private final ToIntFunction<String> serverIndex;

    /**
     * @param channels    the asynchronous channels of the server at an index in {@code servers}
     * @param serverIndex the index in {@code servers} of the server owning a key; it validates the key
     */
    AsyncOperations(List<ServerAddress> servers, IntFunction<AsyncServer> channels, ToIntFunction<String> serverIndex) {
        this.servers = servers;
        this.channels = channels;
        this.serverIndex = serverIndex;
    }

    /** Sends one command to the server at {@code index}. */
    <R> CompletableFuture<R> send(int index, MetaCommand<R> command) {
        return channels.apply(index).send(List.of(command), firstResult());
    }

    @SuppressWarnings("unchecked") // a single command's result is its answer, of the type its future has
    private static <R> Function<Object[], R> firstResult() {
        Function<Object[], ?> first = AsyncOperations::first;
        return (Function<Object[], R>) first;
    }

    private static Object first(Object[] results) {
        return results[0];
    }

    /** See {@link MemcachedClient#getAsync(String, String)}. */
    CompletableFuture<ServerRead> get(int index, String key, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaGetCommand command = new MetaGetCommand(key);
        ServerAddress server = servers.get(index);
        return channels.apply(index).send(List.of(header, command), results -> {
            Optional<StoredValue> item = optional(results[1]);
            return new ServerRead(
                    server, optional(results[0]), List.of(key), item.isPresent() ? Map.of(key, item.get()) : Map.of());
        });
    }

    /** See {@link MemcachedClient#storeAfterHeaderAsync}. */
    CompletableFuture<HeaderedStore> storeAfterHeader(StoreRequest request, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaSetCasCommand command = new MetaSetCasCommand(request);
        int index = serverIndex.applyAsInt(request.key());
        ServerAddress server = servers.get(index);
        return channels.apply(index)
                .send(
                        List.of(header, command),
                        results -> new HeaderedStore(server, optional(results[0]), (StoreOutcome) results[1]));
    }

    /** See {@link MemcachedClient#casAfterHeaderAsync}. */
    CompletableFuture<HeaderedCas> casAfterHeader(String key, String headerKey) {
        MetaGetCommand header = MetaGetCommand.valueOnly(headerKey);
        MetaCasCommand command = new MetaCasCommand(key);
        int index = serverIndex.applyAsInt(key);
        ServerAddress server = servers.get(index);
        return channels.apply(index)
                .send(
                        List.of(header, command),
                        results -> new HeaderedCas(server, optional(results[0]), (Long) results[1]));
    }

    /** See {@link MemcachedClient#getAllAsync}. */
    CompletableFuture<List<ServerRead>> getAll(Collection<String> keys, String headerKey) {
        List<CompletableFuture<ServerRead>> reads = new ArrayList<>();
        KeyBatches.headerBatches(keys, headerKey, serverIndex).forEach((index, commands) -> {
            ServerAddress server = servers.get(index);
            reads.add(channels.apply(index)
                    .send(commands, results -> KeyBatches.serverRead(server, commands, i -> optional(results[i]))));
        });
        return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> {
                    List<ServerRead> all = new ArrayList<>(reads.size());
                    reads.forEach(read -> all.add(read.join()));
                    return all;
                });
    }

    @SuppressWarnings("unchecked") // the result of a MetaGetCommand
    private static <V> Optional<V> optional(Object result) {
        return (Optional<V>) result;
    }
}
