package io.memjcache.jcache.client;

/**
 * Opens the client's round-trip counters to tests in other packages: a round trip is one write that expects an
 * answer, a single request or a whole pipelined batch. Stateless and thread-safe; the client must not be null.
 */
public final class RoundTrips {

    private RoundTrips() {}

    /** @return the round trips {@code client} has made so far, summed over its servers */
    public static long total(MemcachedClient client) {
        long total = 0;
        for (int i = 0; i < client.servers().size(); i++) {
            total += client.pool(i).roundTrips();
        }
        return total;
    }
}
