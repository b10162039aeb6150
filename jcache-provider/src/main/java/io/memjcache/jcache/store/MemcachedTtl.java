package io.memjcache.jcache.store;

/**
 * Converts an entry deadline into the TTL memcached is given. memcached's TTLs are whole seconds, roughly +/- 1 s,
 * so the item is kept one second longer than the deadline requires and the provider itself decides expiry from the
 * deadline; memcached's TTL only reclaims the memory afterwards.
 *
 * <p>Stateless and thread-safe. Takes and returns only primitives, so {@code null} does not arise.
 */
public final class MemcachedTtl {

    /** memcached reads a TTL above 30 days as an absolute Unix time. */
    static final long MAX_RELATIVE_SECONDS = 30L * 24 * 60 * 60;

    private MemcachedTtl() {}

    /**
     * @param deadlineMillis    the entry deadline (epoch millis), {@link StoredEntry#ETERNAL} for none
     * @param nowMillis         the provider's current time, the same clock the deadline was computed with
     * @param wallClockSeconds  the real current Unix time in seconds, the base of memcached's absolute times
     * @return the TTL to send: 0 for eternal, relative seconds up to 30 days, an absolute Unix time beyond
     */
    public static long ttlSeconds(long deadlineMillis, long nowMillis, long wallClockSeconds) {
        if (deadlineMillis == StoredEntry.ETERNAL) {
            return 0;
        }
        long remaining = Math.max(0, deadlineMillis - nowMillis);
        long seconds = remaining / 1000 + (remaining % 1000 == 0 ? 0 : 1) + 1;
        if (seconds <= MAX_RELATIVE_SECONDS) {
            return seconds;
        }
        // memcached keeps absolute times in 32 bits; a deadline past that is as good as eternal for memcached.
        long absolute = wallClockSeconds + seconds;
        return absolute > Integer.MAX_VALUE || absolute < 0 ? 0 : absolute;
    }
}
