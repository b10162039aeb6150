package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.processor.ProcessorEntry;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One key on its way through the rounds of a {@link PipelinedInvoke}; the fields of the current attempt are reset
 * by each plan ({@link InvokePlanner}) and read when its change is applied ({@link InvokeOutcomes}).
 *
 * <p>Not thread-safe: an attempt belongs to the one invoke call that made it. The key, its encodings and its event
 * batch are never {@code null}; {@code result}, {@code write} and {@code delete} may be.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <T> the processor's result type
 */
final class InvokeAttempt<K, V, T> {

    /** What a key's change means once it has landed. */
    enum Effect {
        NONE,
        LOADED,
        STORED,
        REMOVED
    }

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
    InvokeAttempt(K key, byte[] keyBytes, String memcachedKey, EventBatch<K, V> batch) {
        this.key = key;
        this.keyBytes = keyBytes;
        this.memcachedKey = memcachedKey;
        this.batch = batch;
    }

    /** @return whether the attempt's change, if any, landed, by {@code landed} per memcached key */
    boolean landed(Map<String, Boolean> landed) {
        if (write != null) {
            return Boolean.TRUE.equals(landed.get(write.previous().memcachedKey()));
        }
        return delete == null || Boolean.TRUE.equals(landed.get(delete.memcachedKey()));
    }
}
