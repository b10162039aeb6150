package io.memjcache.server.command;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.ItemStore;

/**
 * The server-wide commands every protocol has: {@code flush_all} (with a delay), {@code version} and
 * {@code verbosity}. ({@code noop} and {@code quit} have nothing to do beyond the protocol: they answer, or close the
 * connection.) Thread-safe. Internal, not API.
 */
public final class ServerOperations {

    /** The memcached release whose protocol the server speaks, with our name so operators can tell. */
    public static final String VERSION = "1.6.18-memjcache";

    private final ItemStore store;
    private final ServerStats stats;
    private volatile int verbosity;

    public ServerOperations(ItemStore store, ServerStats stats, int verbosity) {
        this.store = store;
        this.stats = stats;
        this.verbosity = verbosity;
    }

    /**
     * Counts a {@code flush_all} request. It is counted before its delay is checked, as memcached counts even one
     * whose delay is refused.
     */
    public void countFlush() {
        stats.cmdFlush.increment();
    }

    /**
     * Invalidates every item, now or {@code delaySeconds} from now (after {@link #countFlush}); {@code cfd} is the
     * requesting connection, as {@code watch deletions} reports it.
     */
    public void flushAll(long delaySeconds, int cfd) {
        store.flushAll(delaySeconds, store.now(), cfd);
    }

    public String version() {
        return VERSION;
    }

    /** @return how much the server logs: 0 errors only, 1 warnings, 2 every command */
    public int verbosity() {
        return verbosity;
    }

    /** Sets the logging level; as in memcached, levels above 2 mean 2. */
    public void setVerbosity(long level) {
        this.verbosity = (int) Math.min(level, 2);
    }
}
