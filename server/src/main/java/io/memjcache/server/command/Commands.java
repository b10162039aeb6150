package io.memjcache.server.command;

import io.memjcache.server.ServerConfig;
import io.memjcache.server.stats.PrefixStats;
import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.ItemStore;

/**
 * What each command does, once for all protocols: text, meta and binary parse a request, call one of these, and
 * encode the result their own way. Requests are method arguments and the connection's reusable
 * {@link io.memjcache.server.store.KeyBuffer} rather than request objects, so that this layer adds no allocation to
 * get and set; results are enums or small records, and a hit is handed to the protocol's
 * {@link Retrieval.HitWriter}. Statistics groups come from {@link io.memjcache.server.stats.StatsReport} as name/value
 * pairs. Thread-safe; no null fields. Internal, not API.
 */
public final class Commands {

    public final StoreOperations storage;
    public final Retrieval retrieval;
    public final DeleteOperation deletion;
    public final CounterOperation counters;
    public final ServerOperations server;

    public Commands(ItemStore store, ServerStats stats, PrefixStats prefixStats, ServerConfig config) {
        this.storage = new StoreOperations(store, stats, config.maxItemSize());
        this.retrieval = new Retrieval(store, stats, prefixStats);
        this.deletion = new DeleteOperation(store, stats);
        this.counters = new CounterOperation(store, stats);
        this.server = new ServerOperations(store, stats, config.verbosity());
    }
}
