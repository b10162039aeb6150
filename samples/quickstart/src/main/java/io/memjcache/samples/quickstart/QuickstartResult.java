package io.memjcache.samples.quickstart;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the {@link Quickstart} observed.
 *
 * <p>Immutable, so thread-safe. No component is {@code null}.
 *
 * @param fetched what {@code getAll} returned: the requested keys that had a value
 * @param countedViews what the {@link ViewCounter} returned, call by call
 * @param events the listener's events, oldest first
 * @param statistics the cache's counters, read through JMX at the end of the run
 */
public record QuickstartResult(
        Map<String, Integer> fetched,
        List<Integer> countedViews,
        List<ObservedEvent> events,
        StatisticsSnapshot statistics) {

    /** Copies the collections, so the record stays immutable. */
    public QuickstartResult {
        fetched = Map.copyOf(Objects.requireNonNull(fetched, "fetched"));
        countedViews = List.copyOf(countedViews);
        events = List.copyOf(events);
        Objects.requireNonNull(statistics, "statistics");
    }
}
