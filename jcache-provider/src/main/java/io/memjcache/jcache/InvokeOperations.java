package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.processor.ProcessorEntry;
import io.memjcache.jcache.processor.ProcessorResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * invoke and invokeAll. The processor runs on a snapshot of the entry; its net outcome is then applied with a
 * conditional write, and if another client changed the entry meanwhile the processor runs again on the fresh
 * value. That makes invoke atomic across JVMs: concurrent increments through invoke never lose an update.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class InvokeOperations<K, V> {

    private final CacheCore<K, V> core;

    InvokeOperations(CacheCore<K, V> core) {
        this.core = core;
    }

    <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        byte[] keyBytes = core.codec.keyBytes(key);
        EventBatch<K, V> batch = core.events.newBatch();
        Function<K, V> loader = core.readThrough && core.loader != null ? core.loader::load : null;
        while (true) {
            batch.reset();
            CacheCore.Current<V> current = core.read(key, keyBytes, batch);
            ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, current.value(), loader);
            T result;
            try {
                result = processor.process(entry, arguments);
            } catch (EntryProcessorException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new EntryProcessorException("entry processor failed on " + key + ": " + e, e);
            }
            if (apply(key, keyBytes, entry, current, batch)) {
                if (current.present()) {
                    core.recordHits(1);
                } else {
                    core.recordMisses(1);
                }
                batch.dispatch();
                return result;
            }
        }
    }

    /** @return false if the entry changed since it was read (run the processor again) */
    private boolean apply(K key, byte[] keyBytes, ProcessorEntry<K, V> entry, CacheCore.Current<V> current,
            EventBatch<K, V> batch) {
        long start = System.nanoTime();
        switch (entry.outcome()) {
            case NONE -> {
                core.dropIfExpired(current);
                return true;
            }
            case ACCESS -> {
                core.touch(current);
                return true;
            }
            case LOAD -> {
                core.storeLoaded(key, keyBytes, entry.value(), current, batch);
                return true;
            }
            case CREATE, UPDATE -> {
                return store(key, keyBytes, entry, current, batch, start);
            }
            case REMOVE -> {
                if (core.writer != null) {
                    writeThrough(() -> core.writer.delete(key));
                }
                if (!current.present()) {
                    // Removing an absent entry still reaches the writer (the system of record may hold it).
                    core.dropIfExpired(current);
                    return true;
                }
                if (!core.delete(current)) {
                    return false;
                }
                batch.removed(key, current.value());
                core.recordRemovals(1);
                core.recordRemoveTime(start);
                return true;
            }
            default -> throw new IllegalStateException("unknown outcome " + entry.outcome());
        }
    }

    private boolean store(K key, byte[] keyBytes, ProcessorEntry<K, V> entry, CacheCore.Current<V> current,
            EventBatch<K, V> batch, long start) {
        V value = entry.value();
        if (core.writer != null) {
            writeThrough(() -> core.writer.write(new MemjcacheEntry<>(key, value)));
        }
        boolean update = entry.outcome() == ProcessorEntry.Outcome.UPDATE;
        long deadline = update ? core.expiry.onUpdate(current.now(), current.deadline())
                : core.expiry.onCreation(current.now());
        if (!update && deadline <= current.now()) {
            // Created already expired: not added, and not counted as a put.
            core.dropIfExpired(current);
            return true;
        }
        if (!core.write(current, keyBytes, core.codec.valueBytes(value), deadline)) {
            return false;
        }
        if (update) {
            batch.updated(key, value, current.value());
        } else {
            batch.created(key, value);
        }
        core.recordPuts(1);
        core.recordPutTime(start);
        return true;
    }

    private static void writeThrough(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            throw new EntryProcessorException("write-through failed: " + e, e);
        }
    }

    <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
            Object... arguments) {
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, ProcessorResult.of(result));
                }
            } catch (EntryProcessorException e) {
                results.put(key, ProcessorResult.failed(e));
            }
        }
        return results;
    }
}
