package io.memjcache.jcache.store;

import io.memjcache.jcache.client.HeaderedCas;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.ServerRead;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The reads a near cache makes of an {@link EntryStore}'s entries (one replica only): reads that also name the
 * server that answered, and the check that a copy read earlier is still the stored item, each blocking or with the
 * asynchronous client. The asynchronous forms complete on the client's I/O thread and decode nothing beyond the
 * item's bytes and the generation counter.
 *
 * <p>Thread-safe (stateless apart from the thread-safe client). No method accepts or returns {@code null}.
 */
public final class LocatedReads {

    /**
     * One entry as {@link EntryStore#read} finds it, and the server it was read from.
     *
     * @param snapshot what the read found
     * @param server   the server that answered
     */
    public record Located(Snapshot snapshot, ServerAddress server) {}

    private final MemcachedClient client;
    private final CacheNamespace namespace;
    private final GenerationCounters generations;

    LocatedReads(MemcachedClient client, CacheNamespace namespace, GenerationCounters generations) {
        this.client = client;
        this.namespace = namespace;
        this.generations = generations;
    }

    /**
     * As {@link EntryStore#read}, also naming the server that answered: for a near cache, which drops what it read
     * from a server when that server can no longer be trusted.
     */
    public Located read(byte[] serializedKey) {
        String memcachedKey = namespace.entryKey(serializedKey);
        ServerRead server = client.get(memcachedKey, generations.key());
        long generation = generations.current(server.server(), server.header());
        return new Located(
                EntryItems.snapshot(memcachedKey, server.found().get(memcachedKey), generation, serializedKey),
                server.server());
    }

    /**
     * As {@link #read}, with the asynchronous client: the same batch, one round trip, no thread waiting.
     *
     * @return a future of what was read, a missing generation counter created asynchronously (see {@link
     *         GenerationCounters#currentAsync}), or of empty when the read needs a blocking step ({@link #read} then
     *         does it): the server's counter item holds no counter and must be repaired
     */
    public CompletableFuture<Optional<Located>> readAsync(byte[] serializedKey) {
        String memcachedKey = namespace.entryKey(serializedKey);
        return client.getAsync(memcachedKey, generations.key())
                .thenCompose(server -> generations.currentAsync(server).thenApply(generation -> {
                    if (generation.isEmpty()) {
                        return Optional.empty();
                    }
                    Snapshot snapshot = EntryItems.snapshot(
                            memcachedKey, server.found().get(memcachedKey), generation.getAsLong(), serializedKey);
                    return Optional.of(new Located(snapshot, server.server()));
                }));
    }

    /**
     * Whether the item under {@code memcachedKey} is still the one a read from {@code server} found with CAS token
     * {@code cas} in generation {@code generation}: one round trip to the key's server, that carries no value
     * ({@code mg <counter> v} and {@code mg <key> c}, on one connection). True means a read made now would find
     * exactly that entry, live in that generation.
     */
    public boolean stillStored(String memcachedKey, long cas, long generation, ServerAddress server) {
        HeaderedCas answer = client.casAfterHeader(memcachedKey, generations.key());
        return answer.cas() == cas
                && answer.server().equals(server)
                && generations.current(answer.server(), answer.header()) == generation;
    }

    /**
     * As {@link #stillStored}, with the asynchronous client. A missing counter, or one that is no counter, answers
     * false without the blocking repair {@link #stillStored} makes: either way the entry was of an earlier
     * generation (the counter {@link GenerationCounters#current} would create is a fresh random one), and the read
     * that follows the refusal repairs it.
     */
    public CompletableFuture<Boolean> stillStoredAsync(
            String memcachedKey, long cas, long generation, ServerAddress server) {
        return client.casAfterHeaderAsync(memcachedKey, generations.key()).thenApply(answer -> {
            if (answer.cas() != cas
                    || !answer.server().equals(server)
                    || answer.header().isEmpty()) {
                return false;
            }
            OptionalLong current = Generations.parse(answer.header().get().value());
            return current.isPresent() && current.getAsLong() == generation;
        });
    }
}
