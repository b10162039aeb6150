package io.memjcache.tck;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Leaves every test out when {@link TckSessionListener} decided the TCK cannot run (its store is missing, or the
 * provider wiring is wrong): running it anyway would test the wrong thing. The tally reports why. Registered
 * through {@code META-INF/services}.
 *
 * <p>Stateless; thread-safe. Never returns null.
 */
public final class SkipUnrunnableTck implements PostDiscoveryFilter {

    /** Created by {@code ServiceLoader}. */
    public SkipUnrunnableTck() {}

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        return TckRun.decision()
                .filter(decision -> decision.outcome() != TckSummary.Outcome.RAN)
                .map(decision -> FilterResult.excluded("TCK not run: " + decision.reason()))
                .orElseGet(() -> FilterResult.included("the TCK runs"));
    }
}
