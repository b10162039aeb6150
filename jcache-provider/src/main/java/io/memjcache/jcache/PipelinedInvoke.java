package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.processor.ProcessorEntry;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * <p>Thread-safe; the only state kept between calls is the known entries, which are hints. Results are never
 * {@code null}; see {@link Invoked}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PipelinedInvoke<K, V> {

    private final CacheCore<K, V> core;
    private final KnownEntries known = new KnownEntries();

    PipelinedInvoke(CacheCore<K, V> core) {
        this.core = core;
    }

    /**
     * What the processor did on one key.
     *
     * @param value   what the processor returned (may be {@code null}) when it succeeded
     * @param failure what it (or the writer) threw, or {@code null} when it succeeded
     * @param <T>     the processor's result type
     */
    record Invoked<T>(@Nullable T value, @Nullable EntryProcessorException failure) {}

    /** What a key's change means once it has landed. */
    private enum Effect {
        NONE,
        LOADED,
        STORED,
        REMOVED
    }

    /** One key on its way through the rounds; the fields of the current attempt are reset by each plan. */
    private static final class Attempt<K, V, T> {
        final K key;
        final byte[] keyBytes;
        final String memcachedKey;
        final EventBatch<K, V> batch;
        CacheCore.Current<V> current;
        ProcessorEntry<K, V> entry;

        @Nullable
        T result;

        EntryStore.@Nullable Write write;

        @Nullable
        Snapshot delete;

        boolean mustLand;
        Effect effect;

        /** Whether the current attempt ran on the known entry rather than on one just read. */
        boolean onKnown;

        @SuppressWarnings("NullAway.Init") // current, entry and effect are set by each round before they are read
        Attempt(K key, byte[] keyBytes, String memcachedKey, EventBatch<K, V> batch) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.memcachedKey = memcachedKey;
            this.batch = batch;
        }

        boolean landed(Map<String, Boolean> landed) {
            if (write != null) {
                return Boolean.TRUE.equals(landed.get(write.previous().memcachedKey()));
            }
            return delete == null || Boolean.TRUE.equals(landed.get(delete.memcachedKey()));
        }
    }

    /** Runs {@code processor} on every key; @return what it did per key */
    <T> Map<K, Invoked<T>> invoke(
            Collection<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        List<Attempt<K, V, T>> pending = new ArrayList<>();
        for (K key : keys) {
            pending.add(attempt(key));
        }
        return run(pending, processor, arguments);
    }

    /**
     * Runs {@code processor} on one key, holding the key's stripe of {@code locks} so that this JVM's callers on
     * the same key take turns instead of failing each other's CAS writes.
     *
     * @return what the processor did
     */
    <T> Invoked<T> invoke(K key, KeyLocks locks, EntryProcessor<K, V, T> processor, Object... arguments) {
        Attempt<K, V, T> attempt = attempt(key);
        return locks.withLock(attempt.memcachedKey, () -> {
            Map<K, Invoked<T>> results = new LinkedHashMap<>();
            List<Attempt<K, V, T>> pending = List.of(attempt);
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
    private <T> List<Attempt<K, V, T>> onKnown(
            Attempt<K, V, T> attempt,
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
            plan(attempt);
            attempt.onKnown = true;
            return apply(List.of(attempt), results, start, true);
        }
        Snapshot read = core.store.read(attempt.keyBytes);
        if (read.cas() != last.cas() || read.generation() != last.generation()) {
            return List.of(attempt);
        }
        if (failure != null) {
            results.put(attempt.key, new Invoked<>(null, failure));
            return List.of();
        }
        attempt.current = core.current(attempt.key, read, now, attempt.batch);
        plan(attempt);
        return apply(List.of(attempt), results, start, true);
    }

    private @Nullable Function<K, V> loader() {
        return core.readThrough && core.loader != null ? core.loader::load : null;
    }

    private <T> Attempt<K, V, T> attempt(K key) {
        byte[] keyBytes = core.codec.keyBytes(key);
        return new Attempt<>(key, keyBytes, core.store.memcachedKey(keyBytes), core.events.newBatch());
    }

    private <T> Map<K, Invoked<T>> run(
            List<Attempt<K, V, T>> attempts, EntryProcessor<K, V, T> processor, Object... arguments) {
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
            List<Attempt<K, V, T>> attempts,
            Map<K, Invoked<T>> results,
            boolean single,
            EntryProcessor<K, V, T> processor,
            Object... arguments) {
        Function<K, V> loader = loader();
        List<Attempt<K, V, T>> pending = attempts;
        while (!pending.isEmpty()) {
            List<byte[]> keyBytes = new ArrayList<>();
            pending.forEach(attempt -> keyBytes.add(attempt.keyBytes));
            Map<String, Snapshot> reads = core.store.readAll(keyBytes);
            long now = core.expiry.now();
            long start = System.nanoTime();
            List<Attempt<K, V, T>> decided = new ArrayList<>();
            for (Attempt<K, V, T> attempt : pending) {
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
                    plan(attempt);
                    decided.add(attempt);
                } catch (EntryProcessorException e) {
                    results.put(attempt.key, new Invoked<>(null, e));
                }
            }
            pending = apply(decided, results, start, single);
        }
    }

    private <T> T process(EntryProcessor<K, V, T> processor, Attempt<K, V, T> attempt, Object... arguments) {
        try {
            return processor.process(attempt.entry, arguments);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException("entry processor failed on " + attempt.key + ": " + e, e);
        }
    }

    /** Decides the change the processor's outcome asks for, calling the writer first when there is one. */
    private void plan(Attempt<K, V, ?> attempt) {
        CacheCore.Current<V> current = attempt.current;
        attempt.write = null;
        attempt.delete = null;
        attempt.mustLand = false;
        attempt.effect = Effect.NONE;
        switch (attempt.entry.outcome()) {
            case NONE -> dropIfExpired(attempt);
            case ACCESS -> attempt.write = core.touchOf(current); // a concurrent change wins over the touch
            case LOAD -> {
                long deadline = core.expiry.onCreation(current.now());
                if (deadline <= current.now()) {
                    dropIfExpired(attempt);
                } else {
                    // A loaded value loses to a concurrent write: no retry.
                    attempt.write = core.writeOf(
                            current, attempt.keyBytes, core.codec.valueBytes(attempt.entry.newValue()), deadline);
                    attempt.effect = Effect.LOADED;
                }
            }
            case CREATE, UPDATE -> {
                V value = attempt.entry.newValue();
                if (core.writer != null) {
                    writeThrough(() -> core.writer.write(new MemjcacheEntry<>(attempt.key, value)));
                }
                boolean update = attempt.entry.outcome() == ProcessorEntry.Outcome.UPDATE;
                long deadline = update
                        ? core.expiry.onUpdate(current.now(), current.deadline())
                        : core.expiry.onCreation(current.now());
                if (!update && deadline <= current.now()) {
                    dropIfExpired(attempt); // created already expired: not added, not a put
                } else {
                    attempt.write = core.writeOf(current, attempt.keyBytes, core.codec.valueBytes(value), deadline);
                    attempt.mustLand = true;
                    attempt.effect = Effect.STORED;
                }
            }
            case REMOVE -> {
                if (core.writer != null) {
                    // Removing an absent entry still reaches the writer (the system of record may hold it).
                    writeThrough(() -> core.writer.delete(attempt.key));
                }
                if (current.present()) {
                    attempt.delete = current.snapshot();
                    attempt.mustLand = true;
                    attempt.effect = Effect.REMOVED;
                } else {
                    dropIfExpired(attempt);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + attempt.entry.outcome());
        }
    }

    private static void dropIfExpired(Attempt<?, ?, ?> attempt) {
        if (attempt.current.snapshot().isExpiredAt(attempt.current.now())) {
            attempt.delete = attempt.current.snapshot();
        }
    }

    private static void writeThrough(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            throw new EntryProcessorException("write-through failed: " + e, e);
        }
    }

    /** Makes the decided changes in pipelined rounds; @return the attempts to run again (changed meanwhile) */
    private <T> List<Attempt<K, V, T>> apply(
            List<Attempt<K, V, T>> attempts, Map<K, Invoked<T>> results, long start, boolean single) {
        List<EntryStore.Write> writes = new ArrayList<>();
        List<Snapshot> deletes = new ArrayList<>();
        for (Attempt<K, V, T> attempt : attempts) {
            if (attempt.write != null) {
                writes.add(attempt.write);
            } else if (attempt.delete != null) {
                deletes.add(attempt.delete);
            }
        }
        Map<String, Boolean> landed = new HashMap<>(core.deleteAll(deletes));
        deletes.forEach(deleted -> known.forget(deleted.memcachedKey()));
        try {
            landed.putAll(
                    single && writes.size() == 1 ? writeKept(attempts.get(0), writes.get(0)) : core.writeAll(writes));
        } catch (MemcachedException e) {
            landed.putAll(core.landedAfterFailure(writes));
            for (Attempt<K, V, T> attempt : attempts) {
                boolean done = attempt.landed(landed);
                if (done || !attempt.mustLand) {
                    finish(attempt, done, results, start);
                }
            }
            throw new CacheException("storing the outcome of an entry processor failed: " + e.getMessage(), e);
        }
        List<Attempt<K, V, T>> again = new ArrayList<>();
        for (Attempt<K, V, T> attempt : attempts) {
            boolean done = attempt.landed(landed);
            if (!done && attempt.mustLand) {
                again.add(attempt);
            } else {
                finish(attempt, done, results, start);
            }
        }
        return again;
    }

    /** The write of a single invoke, answered with its CAS token, which keeps the written entry known. */
    private Map<String, Boolean> writeKept(Attempt<K, V, ?> attempt, EntryStore.Write write) {
        String memcachedKey = write.previous().memcachedKey();
        Snapshot written;
        try {
            written = attempt.onKnown
                    ? core.store.writeOverKnown(write.previous(), write.entry(), write.ttlSeconds())
                    : core.store.writeReturning(write.previous(), write.entry(), write.ttlSeconds());
        } catch (MemcachedException e) {
            known.forget(memcachedKey);
            throw e;
        }
        if (written == null) {
            known.forget(memcachedKey);
        } else {
            known.remember(written);
        }
        return Map.of(memcachedKey, written != null);
    }

    private <T> void finish(Attempt<K, V, T> attempt, boolean landed, Map<K, Invoked<T>> results, long start) {
        CacheCore.Current<V> current = attempt.current;
        switch (attempt.effect) {
            case LOADED -> {
                if (landed) {
                    attempt.batch.created(attempt.key, attempt.entry.newValue());
                }
            }
            case STORED -> {
                if (current.present()) {
                    attempt.batch.updated(attempt.key, attempt.entry.newValue(), current.presentValue());
                } else {
                    attempt.batch.created(attempt.key, attempt.entry.newValue());
                }
                core.recordPuts(1);
                core.recordPutTime(start);
            }
            case REMOVED -> {
                attempt.batch.removed(attempt.key, current.presentValue());
                core.recordRemovals(1);
                core.recordRemoveTime(start);
            }
            case NONE -> {
                // nothing observable changed
            }
            default -> throw new IllegalStateException("unknown effect " + attempt.effect);
        }
        if (current.present()) {
            core.recordHits(1);
        } else {
            core.recordMisses(1);
        }
        attempt.batch.dispatch();
        results.put(attempt.key, new Invoked<>(attempt.result, null));
    }
}
