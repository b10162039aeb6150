package io.memjcache.samples.quickstart;

/**
 * A cache's counters as read from its JSR-107 statistics MXBean.
 *
 * <p>Immutable, so thread-safe. No component is {@code null}.
 *
 * @param hits reads that found a value
 * @param misses reads that found none
 * @param puts values stored
 * @param removals entries removed
 */
public record StatisticsSnapshot(long hits, long misses, long puts, long removals) {

    /** @return the counters as the quickstart prints them */
    @Override
    public String toString() {
        return "hits=" + hits + " misses=" + misses + " puts=" + puts + " removals=" + removals;
    }
}
