package io.memjcache.tck;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts what the TCK's tests came to, as JUnit saw them, and writes the running totals to the run's
 * {@link TckSummary} after each test plan (the build may execute the TCK as one plan or one plan per class).
 * JUnit sees a test the TCK excluded as passed, so the {@link TckExclusionLog} counts those apart, and the
 * annotation tests, which the TCK excludes silently when it finds no bean provider, are counted on their own.
 * Registered through {@code META-INF/services}; writes nothing unless the session decided the TCK runs.
 *
 * <p>Thread-safe: counters are atomic, in case tests run in parallel. Never holds nulls.
 */
public final class TckResultCounter implements TestExecutionListener {

    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong annotationPassed = new AtomicLong();
    private final Set<String> classes = ConcurrentHashMap.newKeySet();

    /** Created by {@code ServiceLoader}. */
    public TckResultCounter() {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (runs()) {
            TckExclusionLog.install();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        if (identifier.isTest()) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (!identifier.isTest()) {
            // A class whose set-up fails reports no tests at all; count it, or the failure would only show as a
            // shortfall.
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.incrementAndGet();
            }
            return;
        }
        String testClass = identifier
                .getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getClassName())
                .orElse("");
        if (!testClass.isEmpty()) {
            classes.add(testClass);
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                passed.incrementAndGet();
                if (testClass.startsWith(TckExclusionLog.ANNOTATION_PACKAGE)) {
                    annotationPassed.incrementAndGet();
                }
            }
            case ABORTED -> aborted.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!runs()) {
            return;
        }
        TckExclusionLog exclusions = TckExclusionLog.install();
        TckRun.decision().ifPresent(decision -> TckRun.summaryFile().ifPresent(file -> decision.withCounts(
                        passed.get(), failed.get(), aborted.get(), skipped.get(), classes.size())
                .withExclusions(exclusions.excluded(), annotationPassed.get(), exclusions.annotationExcluded())
                .writeTo(file)));
    }

    /** @return whether the session decided the TCK runs in this JVM */
    private static boolean runs() {
        return TckRun.decision()
                .filter(decision -> decision.outcome() == TckSummary.Outcome.RAN)
                .isPresent();
    }
}
