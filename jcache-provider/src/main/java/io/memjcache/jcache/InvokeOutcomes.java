package io.memjcache.jcache;

import io.memjcache.jcache.PipelinedInvoke.Invoked;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;

/**
 * Applies the changes a {@link PipelinedInvoke} round decided ({@link InvokePlanner}): the conditional deletes and
 * writes in pipelined rounds, and for each key whose change landed (or needed not land) its events, statistics and
 * result. The keys whose change lost to a concurrent one are handed back to run again. A single invoke's write keeps
 * the written entry in the {@link KnownEntries}, and every delete forgets it.
 *
 * <p>Thread-safe: the known entries are the only state, and they are hints; each attempt is applied by the call
 * that owns it. Arguments must not be {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class InvokeOutcomes<K, V> {

    private final CacheCore<K, V> core;
    private final KnownEntries known;

    InvokeOutcomes(CacheCore<K, V> core, KnownEntries known) {
        this.core = core;
        this.known = known;
    }

    /** Makes the decided changes in pipelined rounds; @return the attempts to run again (changed meanwhile) */
    <T> List<InvokeAttempt<K, V, T>> apply(
            List<InvokeAttempt<K, V, T>> attempts, Map<K, Invoked<T>> results, long start, boolean single) {
        List<EntryStore.Write> writes = new ArrayList<>();
        List<Snapshot> deletes = new ArrayList<>();
        for (InvokeAttempt<K, V, T> attempt : attempts) {
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
            throw failedWrites(attempts, writes, landed, results, start, e);
        }
        return settle(attempts, landed, results, start);
    }

    /**
     * Sends one attempt's change on the asynchronous client. The entry known for the key is forgotten: the write
     * answers no CAS token to remember it by.
     *
     * @return a future of whether the change landed, per memcached key as {@link InvokeAttempt#landed} reads it,
     *         completed on the client's I/O thread; failed with the client's {@link MemcachedException}
     */
    CompletableFuture<Map<String, Boolean>> applyAsync(InvokeAttempt<K, V, ?> attempt, AsyncEntryStore asyncStore) {
        EntryStore.Write write = attempt.write;
        Snapshot delete = attempt.delete;
        if (write != null) {
            String memcachedKey = write.previous().memcachedKey();
            known.forget(memcachedKey);
            return asyncStore
                    .write(write.previous(), write.entry(), write.ttlSeconds())
                    .thenApply(landed -> Map.of(memcachedKey, landed));
        }
        if (delete != null) {
            known.forget(delete.memcachedKey());
            return asyncStore.delete(delete).thenApply(landed -> Map.of(delete.memcachedKey(), landed));
        }
        return CompletableFuture.completedFuture(Map.of());
    }

    /**
     * Completes the attempts whose change landed or needed not land, with their events, statistics and results.
     *
     * @return the attempts to run again (their change lost to a concurrent one)
     */
    <T> List<InvokeAttempt<K, V, T>> settle(
            List<InvokeAttempt<K, V, T>> attempts,
            Map<String, Boolean> landed,
            Map<K, Invoked<T>> results,
            long start) {
        List<InvokeAttempt<K, V, T>> again = new ArrayList<>();
        for (InvokeAttempt<K, V, T> attempt : attempts) {
            boolean done = attempt.landed(landed);
            if (!done && attempt.mustLand) {
                again.add(attempt);
            } else {
                finish(attempt, done, results, start);
            }
        }
        return again;
    }

    /**
     * After a failed round of writes: learns which landed (reading again, with the blocking client), completes
     * those and the attempts that needed not land, and puts the previous entry of the others back.
     *
     * @return the failure to throw
     */
    <T> CacheException failedWrites(
            List<InvokeAttempt<K, V, T>> attempts,
            List<EntryStore.Write> writes,
            Map<String, Boolean> landed,
            Map<K, Invoked<T>> results,
            long start,
            MemcachedException e) {
        Map<String, Boolean> after = new HashMap<>(landed);
        after.putAll(core.landedAfterFailure(writes));
        for (InvokeAttempt<K, V, T> attempt : attempts) {
            boolean done = attempt.landed(after);
            if (done || !attempt.mustLand) {
                finish(attempt, done, results, start);
            }
        }
        return new CacheException("storing the outcome of an entry processor failed: " + e.getMessage(), e);
    }

    /** The write of a single invoke, answered with its CAS token, which keeps the written entry known. */
    private Map<String, Boolean> writeKept(InvokeAttempt<K, V, ?> attempt, EntryStore.Write write) {
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

    private <T> void finish(InvokeAttempt<K, V, T> attempt, boolean landed, Map<K, Invoked<T>> results, long start) {
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
