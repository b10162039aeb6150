package io.memjcache.jcache.store;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.ServerRead;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The generation counters of one cache: every server keeps its own counter under the cache's generation key
 * ({@link CacheNamespace#generationKey()}), and an entry is live only while its generation equals the counter of
 * the server holding it. With one counter per server, a server that is down affects only its own entries: the
 * entries of the other servers are validated against their own servers' counters, which are read in the same
 * pipelined batch as the entries themselves.
 *
 * <p>Thread-safe (stateless apart from the thread-safe client). No method accepts or returns {@code null}.
 */
final class GenerationCounters {

    private static final Logger LOG = Logger.getLogger(GenerationCounters.class.getName());

    private final MemcachedClient client;
    private final String key;

    GenerationCounters(MemcachedClient client, CacheNamespace namespace) {
        this(client, namespace.generationKey());
    }

    /** Counters under another name than the cache's generation key, e.g. those of the copies kept on replicas. */
    GenerationCounters(MemcachedClient client, String key) {
        this.client = client;
        this.key = key;
    }

    /** @return the name every server keeps this cache's counter under */
    String key() {
        return key;
    }

    /**
     * The current generation on {@code server}, given its counter item just read there. A missing item (never
     * written, evicted, deleted, or the server restarted empty) is created with a fresh random value rather than
     * read as 0: entries of any earlier generation on that server, in particular those a clear() made stale, must
     * not come back to life. The counter is created atomically ({@code ma} with auto-create and delta 0), so when
     * several clients race, all use the value the server kept. An item that is not a counter (foreign data) is
     * replaced, CAS-guarded, by a fresh counter.
     */
    long current(ServerAddress server, Optional<StoredValue> item) {
        StoredValue current = item.orElse(null);
        while (true) {
            if (current == null) {
                return client.incrementOn(server, key, 0, Generations.fresh(), 0);
            }
            OptionalLong parsed = Generations.parse(current.value());
            if (parsed.isPresent()) {
                return parsed.getAsLong();
            }
            // The reads that come with every operation fetch the counter's value alone; replacing it needs its CAS.
            StoredValue foreign = client.getOn(server, key).orElse(null);
            if (foreign != null && Generations.parse(foreign.value()).isEmpty()) {
                LOG.warning(() -> key + " on " + server + " holds no counter; starting a new generation there");
                client.storeOn(
                        server,
                        new StoreRequest(
                                key, Generations.format(Generations.fresh()), 0, 0, foreign.cas(), StoreMode.REPLACE));
                foreign = client.getOn(server, key).orElse(null);
            }
            current = foreign;
        }
    }

    /**
     * As {@link #current}, with the asynchronous client: the generation a read found in {@code server}'s counter, or
     * a missing counter created as {@link #current} creates it, so that a new cache's first calls, however many
     * are in flight, need no blocking step. The future completes on the client's I/O thread.
     *
     * @return a future of the generation, or of empty when the counter item holds something else (foreign data,
     *         which only {@link #current} repairs, with the blocking client)
     */
    CompletableFuture<OptionalLong> currentAsync(ServerRead server) {
        if (server.header().isPresent()) {
            return CompletableFuture.completedFuture(
                    Generations.parse(server.header().get().value()));
        }
        return client.incrementOnAsync(server.server(), key, 0, Generations.fresh(), 0)
                .thenApply(OptionalLong::of);
    }

    /**
     * Moves every server to its next generation, which makes every entry stale at once; a missing counter is
     * created with a fresh random generation instead, which makes that server's entries just as stale. Every
     * reachable server is advanced even when others fail.
     *
     * @throws MemcachedException naming the first server that could not be advanced (its entries were not
     *                            cleared), after the others were; the message lists every such server and the
     *                            failures of the others are attached as suppressed exceptions
     */
    void advanceEverywhere() {
        throwIfFailed(advance(client.servers()));
    }

    /**
     * Moves each of {@code servers} to its next generation (creating a missing counter with a fresh one).
     *
     * @return the failures, one per server that could not be advanced
     */
    List<MemcachedException> advance(List<ServerAddress> servers) {
        List<MemcachedException> failures = new ArrayList<>();
        for (ServerAddress server : servers) {
            try {
                advance(server);
            } catch (MemcachedException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** Moves {@code server} to its next generation (creating a missing counter with a fresh one). */
    void advance(ServerAddress server) {
        client.incrementOn(server, key, 1, Generations.fresh(), 0);
    }

    /**
     * Reports the failures of a clear, if any.
     *
     * @throws MemcachedException naming the first server that could not be advanced, see {@link
     *                            #advanceEverywhere()}
     */
    void throwIfFailed(List<MemcachedException> failures) {
        if (failures.isEmpty()) {
            return;
        }
        String notCleared = failures.stream().map(f -> f.server().toString()).collect(Collectors.joining(", "));
        MemcachedException first = failures.get(0);
        String others = failures.size() < client.servers().size() ? " (those on the other servers were)" : "";
        MemcachedException failure = new MemcachedException(
                first.server(),
                "clear failed: the entries on " + notCleared + " were not cleared" + others + ": " + first.getMessage(),
                first);
        failures.subList(1, failures.size()).forEach(failure::addSuppressed);
        throw failure;
    }
}
