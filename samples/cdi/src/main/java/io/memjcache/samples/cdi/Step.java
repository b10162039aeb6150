package io.memjcache.samples.cdi;

import java.time.Duration;
import java.util.Objects;

/**
 * One call the {@link CdiSample} made to the {@link BookService}, and what it cost.
 *
 * <p>Immutable, so thread-safe. No component is {@code null}.
 *
 * @param call the call, as printed
 * @param answer the title of the book the call returned; empty if it returned none
 * @param elapsed how long the call took
 * @param loads how many repository loads had run once the call returned
 */
public record Step(String call, String answer, Duration elapsed, int loads) {

    /** Checks that no component is {@code null}. */
    public Step {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return the step as the sample prints it: the call, its time and the loads so far */
    @Override
    public String toString() {
        return String.format("%-45s %-33s %4d ms   repository loads: %d", call, answer, elapsed.toMillis(), loads);
    }
}
