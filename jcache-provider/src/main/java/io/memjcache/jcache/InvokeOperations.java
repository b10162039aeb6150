package io.memjcache.jcache;

import io.memjcache.jcache.processor.ProcessorResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * invoke and invokeAll. The processor runs on a snapshot of the entry; its net outcome is then applied with a
 * conditional write, and if another client changed the entry meanwhile the processor runs again on the fresh
 * value. That makes invoke atomic across JVMs: concurrent increments through invoke never lose an update.
 * Within this JVM, invoke callers on one key queue on a striped lock ({@link KeyLocks}) instead of racing their CAS
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

    InvokeOperations(CacheCore<K, V> core) {
        this.pipelined = new PipelinedInvoke<>(core);
    }

    <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        PipelinedInvoke.Invoked<T> invoked = pipelined.invoke(key, locks, processor, arguments);
        EntryProcessorException failure = invoked.failure();
        if (failure != null) {
            throw failure;
        }
        return invoked.value();
    }

    <T> Map<K, EntryProcessorResult<T>> invokeAll(
            Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        pipelined.invoke(keys, processor, arguments).forEach((key, invoked) -> {
            if (invoked.failure() != null) {
                results.put(key, ProcessorResult.failed(invoked.failure()));
            } else if (invoked.value() != null) {
                results.put(key, ProcessorResult.of(invoked.value()));
            }
        });
        return results;
    }
}
