package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.store.CacheNamespace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cache in {@code eventual} mode, registered with its manager's {@link ServerWatches}: its
 * {@link NearInvalidations} are called from the servers' watch streams, and {@link #servable} says whether entries
 * read from a server may be served without a round trip now. Close it when the cache closes.
 *
 * <p>Thread-safe. Arguments must not be {@code null}.
 */
public final class WatchRegistration implements AutoCloseable {

    private final ServerWatches owner;
    private final CacheNamespace namespace;
    private final NearInvalidations invalidations;
    private final Duration maxStaleness;
    /** The longest since the last confirmed heartbeat was sent for entries to be served: the bound less the margin. */
    private final long servableNanos;

    private final Map<ServerAddress, CacheLink> links;

    WatchRegistration(
            ServerWatches owner,
            CacheNamespace namespace,
            NearInvalidations invalidations,
            Duration maxStaleness,
            long servableNanos,
            List<ServerWatch> watches) {
        this.owner = owner;
        this.namespace = namespace;
        this.invalidations = invalidations;
        this.maxStaleness = maxStaleness;
        this.servableNanos = servableNanos;
        Map<ServerAddress, CacheLink> byServer = new LinkedHashMap<>();
        for (ServerWatch watch : watches) {
            byServer.put(watch.server(), new CacheLink(this, watch));
        }
        this.links = Map.copyOf(byServer);
    }

    /**
     * Whether entries of this cache read from {@code server} may be served without asking the server now: true only
     * while that server's watch stream is connected, the last of this JVM's heartbeats seen back on it was sent less
     * than the staleness bound (less the measured reordering margin) ago, and the cache's generation counter there
     * was read since the stream was last confirmed. Then every change the server made more than the bound ago has
     * been delivered to {@link NearInvalidations}. Costs a map lookup, a volatile read and a clock read.
     */
    public boolean servable(ServerAddress server) {
        CacheLink link = links.get(server);
        return link != null && link.fresh && link.watch.confirmedWithin(servableNanos);
    }

    /** @return the staleness bound the cache registered with */
    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** @return the cache's keys */
    public CacheNamespace namespace() {
        return namespace;
    }

    NearInvalidations invalidations() {
        return invalidations;
    }

    /** @return whether the last confirmation, sent {@code sinceSentNanos} ago, still makes entries servable */
    boolean withinBound(long sinceSentNanos) {
        return sinceSentNanos < servableNanos;
    }

    /** @return how long after a confirmed heartbeat was sent entries stay servable */
    long servableNanos() {
        return servableNanos;
    }

    Iterable<CacheLink> links() {
        return links.values();
    }

    /** Stops the calls to the cache's {@link NearInvalidations}; {@link #servable} is false from now on. */
    @Override
    public void close() {
        owner.unregister(this);
    }

    @Override
    public String toString() {
        return "WatchRegistration[" + namespace + ", maxStaleness " + maxStaleness.toMillis() + " ms]";
    }
}
