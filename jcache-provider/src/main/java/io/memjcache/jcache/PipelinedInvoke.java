package io.memjcache.jcache;

import io.memjcache.jcache.processor.ProcessorEntry;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.jspecify.annotations.Nullable;

/**
 * Runs an entry processor on several keys in pipelined rounds: one round reads every entry (one batch per
 * server), the processors run on those snapshots, then one round makes the conditional writes and one the
 * conditional deletes. The keys another client changed in between go round again, and only they: their processors
 * run again on the fresh values. So invokeAll of n keys costs a few round trips, not n, and stays as atomic per key
 * as invoke: no update is lost to a concurrent change.
 *
 * <p>Per key, the processor's net outcome ({@link ProcessorEntry.Outcome}) decides the change: the writer
 * (write-through) is called first, and a failing processor or writer fails that key only. If a write round fails
 * (e.g. a value too large for the server), the entries are re-read to learn which writes landed; those complete,
 * the others get their previous entry back, and a {@link CacheException} is thrown.
 *
 * <p>A single {@code invoke} on a key whose entry this JVM wrote last (with invoke, see {@link KnownEntries}) skips
 * the read: the processor runs on that entry and an update, conditional on its CAS token, goes in one round trip
 * with the generation counter read just before it ({@link EntryStore#writeOverKnown}). If the write fails because
 * the entry changed, or the counter moved since (a {@code clear()}), the invoke reads and runs the processor again,
 * as after any conflict. Other outcomes are confirmed by the usual read. Only without a writer: a rerun would call
 * the writer again.
 *
 * <p>This class runs the processors; {@link InvokePlanner} decides each key's change and {@link InvokeOutcomes}
 * makes the changes and completes the keys, each key carried through the rounds as an {@link InvokeAttempt}.
 *
 * <p>Thread-safe; the only state kept between calls is the known entries, which are hints. Results are never
 * {@code null}; see {@link Invoked}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PipelinedInvoke<K, V> {

    private final CacheCore<K, V> core;
    private final KnownEntries known = new KnownEntries();
    final InvokePlanner<K, V> planner;
    final InvokeOutcomes<K, V> outcomes;

    PipelinedInvoke(CacheCore<K, V> core) {
        this.core = core;
        this.planner = new InvokePlanner<>(core);
        this.outcomes = new InvokeOutcomes<>(core, known);
    }

    /**
     * What the processor did on one key.
     *
     * @param value   what the processor returned (may be {@code null}) when it succeeded
     * @param failure what it (or the writer) threw, or {@code null} when it succeeded
     * @param <T>     the processor's result type
     */
    record Invoked<T>(@Nullable T value, @Nullable EntryProcessorException failure) {}

    /** Runs {@code processor} on every key; @return what it did per key */
    <T> Map<K, Invoked<T>> invoke(
            Collection<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        List<InvokeAttempt<K, V, T>> pending = new ArrayList<>();
        for (K key : keys) {
            pending.add(attempt(key));
        }
        return run(pending, processor, arguments);
    }

    /**
     * Runs {@code processor} on one key, holding the key's lock in {@code locks} so that this JVM's callers on
     * the same key take turns instead of failing each other's CAS writes.
     *
     * @return what the processor did
     */
    <T> Invoked<T> invoke(K key, KeyLocks locks, EntryProcessor<K, V, T> processor, Object... arguments) {
        InvokeAttempt<K, V, T> attempt = attempt(key);
        return locks.withLock(attempt.memcachedKey, () -> {
            Map<K, Invoked<T>> results = new LinkedHashMap<>();
            List<InvokeAttempt<K, V, T>> pending = List.of(attempt);
            Snapshot last = core.writer == null ? known.get(attempt.memcachedKey) : null;
            if (last != null) {
                pending = onKnown(attempt, last, results, processor, arguments);
            }
            run(pending, results, true, processor, arguments);
            return Objects.requireNonNull(results.get(key), "the key's outcome");
        });
    }

    /**
     * Runs the processor on the entry this JVM last wrote under the key, if it is live. An update is written over
     * it at once, with {@link EntryStore#writeOverKnown}. Any other outcome, and a failure of the processor, stand
     * once a read finds the item unchanged, the read the usual way would have made; so the processor runs once per
     * call unless the entry changed, as it does the usual way.
     *
     * @return the attempts the usual way (read, process, write) must still decide: none, or the key's when its
     *         entry changed
     */
    private <T> List<InvokeAttempt<K, V, T>> onKnown(
            InvokeAttempt<K, V, T> attempt,
            Snapshot last,
            Map<K, Invoked<T>> results,
            EntryProcessor<K, V, T> processor,
            Object... arguments) {
        long now = core.expiry.now();
        long start = System.nanoTime();
        attempt.batch.reset();
        attempt.current = core.current(attempt.key, last, now, attempt.batch);
        if (!attempt.current.present()) {
            return List.of(attempt);
        }
        attempt.entry = new ProcessorEntry<>(attempt.key, attempt.current.value(), loader());
        EntryProcessorException failure = null;
        try {
            attempt.result = process(processor, attempt, arguments);
        } catch (EntryProcessorException e) {
            failure = e;
        }
        if (failure == null && attempt.entry.outcome() == ProcessorEntry.Outcome.UPDATE) {
            planner.plan(attempt);
            attempt.onKnown = true;
            return outcomes.apply(List.of(attempt), results, start, true);
        }
        Snapshot read = core.store.read(attempt.keyBytes);
        if (read.cas() != last.cas() || read.generation() != last.generation()) {
            return List.of(attempt);
        }
        if (failure != null) {
            results.put(attempt.key, new Invoked<>(null, failure));
            return List.of();
        }
        // Same CAS token and generation: the item read is the known entry, so the processor's view stands as it is.
        planner.plan(attempt);
        return outcomes.apply(List.of(attempt), results, start, true);
    }

    @Nullable
    Function<K, V> loader() {
        return core.readThrough && core.loader != null ? core.loader::load : null;
    }

    <T> InvokeAttempt<K, V, T> attempt(K key) {
        byte[] keyBytes = core.codec.keyBytes(key);
        return new InvokeAttempt<>(key, keyBytes, core.store.memcachedKey(keyBytes), core.events.newBatch());
    }

    private <T> Map<K, Invoked<T>> run(
            List<InvokeAttempt<K, V, T>> attempts, EntryProcessor<K, V, T> processor, Object... arguments) {
        Map<K, Invoked<T>> results = new LinkedHashMap<>();
        run(attempts, results, false, processor, arguments);
        return results;
    }

    /**
     * Reads, processes and writes until every attempt is decided, putting the outcomes in {@code results}.
     *
     * @param single whether this is a single invoke, whose write keeps its entry known
     */
    private <T> void run(
            List<InvokeAttempt<K, V, T>> attempts,
            Map<K, Invoked<T>> results,
            boolean single,
            EntryProcessor<K, V, T> processor,
            Object... arguments) {
        Function<K, V> loader = loader();
        List<InvokeAttempt<K, V, T>> pending = attempts;
        while (!pending.isEmpty()) {
            List<byte[]> keyBytes = new ArrayList<>();
            pending.forEach(attempt -> keyBytes.add(attempt.keyBytes));
            Map<String, Snapshot> reads = core.store.readAll(keyBytes);
            long now = core.expiry.now();
            long start = System.nanoTime();
            List<InvokeAttempt<K, V, T>> decided = new ArrayList<>();
            for (InvokeAttempt<K, V, T> attempt : pending) {
                attempt.batch.reset();
                attempt.onKnown = false;
                attempt.current = core.current(
                        attempt.key,
                        Objects.requireNonNull(reads.get(attempt.memcachedKey), "every key is read"),
                        now,
                        attempt.batch);
                attempt.entry = new ProcessorEntry<>(attempt.key, attempt.current.value(), loader);
                try {
                    attempt.result = process(processor, attempt, arguments);
                    planner.plan(attempt);
                    decided.add(attempt);
                } catch (EntryProcessorException e) {
                    results.put(attempt.key, new Invoked<>(null, e));
                }
            }
            pending = outcomes.apply(decided, results, start, single);
        }
    }

    static <K, V, T> T process(EntryProcessor<K, V, T> processor, InvokeAttempt<K, V, T> attempt, Object... arguments) {
        try {
            return processor.process(attempt.entry, arguments);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException("entry processor failed on " + attempt.key + ": " + e, e);
        }
    }
}
