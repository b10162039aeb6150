package io.memjcache.benchmarks.report;

import java.util.Objects;

/**
 * A case that was not measured, and why (a missing tool, for example). Reports list it so that a missing row is
 * never silent. Immutable; no nulls.
 *
 * @param part the harness part
 * @param caseName the workload, or {@code "*"} for the whole part
 * @param reason why it was not run
 */
public record Skip(String part, String caseName, String reason) {

    /** Checks that no component is null. */
    public Skip {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(reason, "reason");
    }
}
