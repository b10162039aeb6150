package io.memjcache.jcache.management;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counts of one near cache ({@link NearCacheStatisticsMXBean}); the near cache records into it.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s. A read racing with recording may see one counter updated and
 * another not yet, as for {@link CacheStatistics}. No method accepts or returns {@code null}.
 */
public final class NearCacheStatistics implements NearCacheStatisticsMXBean {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder failedValidations = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder serverDrops = new LongAdder();
    private final LongSupplier entries;

    /** @param entries tells how many entries the near cache holds now */
    public NearCacheStatistics(LongSupplier entries) {
        this.entries = Objects.requireNonNull(entries, "entries");
    }

    /** Counts a read answered from the near cache. */
    public void recordHit() {
        hits.increment();
    }

    /** Counts a read the near cache could not answer. */
    public void recordMiss() {
        misses.increment();
    }

    /** Counts a near entry the server said had changed. */
    public void recordFailedValidation() {
        failedValidations.increment();
    }

    /** Counts an entry dropped because its key was written. */
    public void recordInvalidation() {
        invalidations.increment();
    }

    /** Counts a drop of everything read from one server. */
    public void recordServerDrop() {
        serverDrops.increment();
    }

    @Override
    public long getNearHits() {
        return hits.sum();
    }

    @Override
    public long getNearMisses() {
        return misses.sum();
    }

    @Override
    public long getFailedValidations() {
        return failedValidations.sum();
    }

    @Override
    public long getInvalidations() {
        return invalidations.sum();
    }

    @Override
    public long getServerDrops() {
        return serverDrops.sum();
    }

    @Override
    public long getEntries() {
        return entries.getAsLong();
    }

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        failedValidations.reset();
        invalidations.reset();
        serverDrops.reset();
    }
}
