package io.memjcache.jcache;

import io.memjcache.jcache.processor.ProcessorResult;
import io.memjcache.jcache.store.AsyncEntryStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * invoke and invokeAll. The processor runs on a snapshot of the entry; its net outcome is then applied with a
 * conditional write, and if another client changed the entry meanwhile the processor runs again on the fresh
 * value. That makes invoke atomic across JVMs: concurrent increments through invoke never lose an update.
 * Within this JVM, invoke callers on one key queue on a lock per key ({@link KeyLocks}), shared with invokeAsync, instead of racing their CAS
 * writes, so a hot key costs one read and one write per call rather than a retry storm.
 * Both go through {@link PipelinedInvoke}, so invokeAll reads and writes all its keys in pipelined rounds.
 *
 * <p>Thread-safe. Keys and processors are checked by the caller ({@link MemjcacheCache}) and are never
 * {@code null}; a processor's result may be {@code null}, as the processor decides.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class InvokeOperations<K, V> {

    private final PipelinedInvoke<K, V> pipelined;
    private final KeyLocks locks = new KeyLocks();
    private final AsyncInvoke<K, V> async;

    InvokeOperations(CacheCore<K, V> core) {
        this.pipelined = new PipelinedInvoke<>(core);
        this.async = new AsyncInvoke<>(core, pipelined, locks);
    }

    <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        return valueOf(pipelined.invoke(key, locks, processor, arguments));
    }

    /** As {@link #invoke}, chained on the asynchronous client ({@link AsyncInvoke}). */
    <T> CompletionStage<T> invokeAsync(
            K key, EntryProcessor<K, V, T> processor, Object[] arguments, AsyncCalls calls, AsyncEntryStore store) {
        return async.invoke(key, processor, arguments, calls, store).thenApply(InvokeOperations::valueOf);
    }

    /** As {@link #invokeAll}, each key chained as {@link #invokeAsync} chains it, all keys in flight at once. */
    <T> CompletionStage<Map<K, EntryProcessorResult<T>>> invokeAllAsync(
            Set<? extends K> keys,
            EntryProcessor<K, V, T> processor,
            Object[] arguments,
            AsyncCalls calls,
            AsyncEntryStore store) {
        return async.invokeAll(keys, processor, arguments, calls, store).thenApply(InvokeOperations::resultsOf);
    }

    private static <T> @Nullable T valueOf(PipelinedInvoke.Invoked<T> invoked) {
        EntryProcessorException failure = invoked.failure();
        if (failure != null) {
            throw failure;
        }
        return invoked.value();
    }

    <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        return resultsOf(pipelined.invoke(keys, processor, arguments));
    }

    /** @return invokeAll's results: a failure per key that failed, a value per key whose processor returned one */
    private static <K, T> Map<K, EntryProcessorResult<T>> resultsOf(Map<K, PipelinedInvoke.Invoked<T>> byKey) {
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        byKey.forEach((key, invoked) -> {
            if (invoked.failure() != null) {
                results.put(key, ProcessorResult.failed(invoked.failure()));
            } else if (invoked.value() != null) {
                results.put(key, ProcessorResult.of(invoked.value()));
            }
        });
        return results;
    }

    /** @return how many keys invoke callers hold the lock of now (for tests: none once every call completed) */
    int heldKeys() {
        return locks.heldKeys();
    }
}
