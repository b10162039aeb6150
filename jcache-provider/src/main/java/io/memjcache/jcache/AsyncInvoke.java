package io.memjcache.jcache;

import io.memjcache.jcache.PipelinedInvoke.Invoked;
import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.processor.ProcessorEntry;
import io.memjcache.jcache.store.AsyncEntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import org.jspecify.annotations.Nullable;

/**
 * invoke on the asynchronous client, with the decisions of the blocking one ({@link PipelinedInvoke}): the key's
 * lock ({@link KeyLocks}) is asked for without waiting, then the entry is read, the processor runs on the
 * executor ({@link InvokePlanner} deciding the change, write-through first), the change is sent, and its answer
 * completes the key ({@link InvokeOutcomes}: events, statistics, result) or, when the entry changed meanwhile, reads
 * and runs the processor again. No thread is parked while the call waits for the key's lock or for memcached; the
 * processor, the writer, the loader and the listeners run on the executor, never on an I/O thread. Blocking and
 * asynchronous invokes of this JVM on one key share its lock, so they take turns instead of racing.
 *
 * <p>Differences from the blocking path, none observable but in round trips: the entry this JVM wrote last under the
 * key is not used to skip the read (the asynchronous write answers no CAS token to remember it by), and three rare
 * steps still use the blocking client on the executor thread: a read whose generation counter must be repaired, a
 * delete followed by a delete marker ({@link AsyncEntryStore#delete}), and learning which write landed after a
 * failed one ({@link InvokeOutcomes#failedWrites}).
 *
 * <p>Thread-safe: a call's attempt is used by one step at a time, each step starting after the previous one's
 * answer. Arguments must not be {@code null}; a processor's result may be {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class AsyncInvoke<K, V> {

    private final CacheCore<K, V> core;
    private final PipelinedInvoke<K, V> pipelined;
    private final KeyLocks locks;

    AsyncInvoke(CacheCore<K, V> core, PipelinedInvoke<K, V> pipelined, KeyLocks locks) {
        this.core = core;
        this.pipelined = pipelined;
        this.locks = locks;
    }

    /** What a sent change answered: whether it landed per memcached key, or the failure. */
    private record Answer(
            @Nullable Map<String, Boolean> landed, @Nullable Throwable failure) {}

    /**
     * Runs {@code processor} on {@code key}, holding the key's lock from the first read to the last answer.
     *
     * @return a stage of what the processor did, completed on {@code async}'s executor
     */
    <T> CompletableFuture<Invoked<T>> invoke(
            K key, EntryProcessor<K, V, T> processor, Object[] arguments, AsyncCalls async, AsyncEntryStore store) {
        InvokeAttempt<K, V, T> attempt = pipelined.attempt(key);
        CompletableFuture<Boolean> acquired = locks.acquire(attempt.memcachedKey);
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<Invoked<T>> call = async.afterIo(acquired, locked -> {
            started.set(true);
            CompletableFuture<Invoked<T>> run;
            try {
                run = pass(attempt, processor, arguments, async, store);
            } catch (RuntimeException e) {
                releaseIf(locked, attempt);
                throw e;
            }
            // The lock is released once the outcome is in, before the stage completes with it
            return run.whenComplete((invoked, failure) -> releaseIf(locked, attempt));
        });
        // An executor that refused the first step leaves the lock, if handed over, to be released here
        return call.whenComplete((invoked, failure) -> {
            if (!started.get()) {
                releaseIf(acquired.getNow(false), attempt);
            }
        });
    }

    /**
     * Runs {@code processor} on every key, each key as {@link #invoke} runs it, all in flight at once.
     *
     * @return a stage of what the processor did per key, completed on {@code async}'s executor
     */
    <T> CompletableFuture<Map<K, Invoked<T>>> invokeAll(
            Iterable<? extends K> keys,
            EntryProcessor<K, V, T> processor,
            Object[] arguments,
            AsyncCalls async,
            AsyncEntryStore store) {
        Map<K, CompletableFuture<Invoked<T>>> calls = new HashMap<>();
        for (K key : keys) {
            calls.put(key, invoke(key, processor, arguments, async, store));
        }
        return CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new))
                .thenApply(allIn -> {
                    Map<K, Invoked<T>> results = new HashMap<>();
                    calls.forEach((key, call) -> results.put(key, call.join())); // complete: allOf is
                    return results;
                });
    }

    private void releaseIf(boolean locked, InvokeAttempt<K, V, ?> attempt) {
        if (locked) {
            locks.release(attempt.memcachedKey);
        }
    }

    /** One read, process and change of the key, and the next one when the change lost to a concurrent one. */
    private <T> CompletableFuture<Invoked<T>> pass(
            InvokeAttempt<K, V, T> attempt,
            EntryProcessor<K, V, T> processor,
            Object[] arguments,
            AsyncCalls async,
            AsyncEntryStore store) {
        return async.afterIo(store.read(attempt.keyBytes), read -> {
            Snapshot snapshot = read.isPresent()
                    ? read.get()
                    : core.store.read(attempt.keyBytes); // the counter's repair blocks: rare
            long now = core.expiry.now();
            long start = System.nanoTime();
            attempt.batch.reset();
            attempt.onKnown = false;
            attempt.current = core.current(attempt.key, snapshot, now, attempt.batch);
            attempt.entry = new ProcessorEntry<>(attempt.key, attempt.current.value(), pipelined.loader());
            try {
                attempt.result = PipelinedInvoke.process(processor, attempt, arguments);
                pipelined.planner.plan(attempt);
            } catch (EntryProcessorException e) {
                return CompletableFuture.completedFuture(new Invoked<T>(null, e));
            }
            CompletableFuture<Answer> answer = pipelined
                    .outcomes
                    .applyAsync(attempt, store)
                    .handle((landed, failure) -> new Answer(landed, failure));
            return async.afterIo(answer, sent -> settle(attempt, sent, start, processor, arguments, async, store));
        });
    }

    /** Completes the key after its change's answer, or runs it again when the change lost. */
    private <T> CompletableFuture<Invoked<T>> settle(
            InvokeAttempt<K, V, T> attempt,
            Answer answer,
            long start,
            EntryProcessor<K, V, T> processor,
            Object[] arguments,
            AsyncCalls async,
            AsyncEntryStore store) {
        Map<K, Invoked<T>> results = new HashMap<>();
        Throwable failure = answer.failure();
        if (failure != null) {
            Throwable cause = AsyncCalls.unwrapped(failure);
            if (cause instanceof MemcachedException memcached && attempt.write != null) {
                throw pipelined.outcomes.failedWrites(
                        List.of(attempt), List.of(attempt.write), Map.of(), results, start, memcached);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        }
        List<InvokeAttempt<K, V, T>> again =
                pipelined.outcomes.settle(List.of(attempt), Objects.requireNonNull(answer.landed()), results, start);
        if (!again.isEmpty()) {
            return pass(attempt, processor, arguments, async, store);
        }
        return CompletableFuture.completedFuture(Objects.requireNonNull(results.get(attempt.key), "the key's outcome"));
    }
}
