package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.store.AsyncEntryStore;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * replace, replace-if-equal and getAndReplace: they change only an existing entry (update expiry, UPDATED event,
 * writer first). replace-if-equal that finds another value counts as a read and applies the access expiry.
 *
 * <p>Thread-safe. Arguments are checked by the caller ({@link MemjcacheCache}) and are never {@code null};
 * {@code getAndReplace} returns {@code null} when there was no entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ReplaceOperations<K, V> {

    private final CacheCore<K, V> core;
    private final OptimisticLoop<K, V> loop;

    ReplaceOperations(CacheCore<K, V> core) {
        this.core = core;
        this.loop = new OptimisticLoop<>(core);
    }

    boolean replace(K key, V value) {
        return loop.run(replaceCall(key, value, found -> true)).changed();
    }

    @Nullable
    V getAndReplace(K key, V value) {
        return loop.run(replaceCall(key, value, found -> true)).found();
    }

    boolean replace(K key, V expected, V value) {
        return loop.run(replaceCall(key, value, found -> Objects.equals(found, expected)))
                .changed();
    }

    /**
     * As {@link #replace(Object, Object, Object)} (or, with {@code expected} {@code null}, {@link #replace(Object,
     * Object)} and {@link #getAndReplace}) on the asynchronous client.
     *
     * @return the stage of what the replace found and whether it replaced it
     */
    CompletionStage<CacheCore.Change<V>> replaceAsync(
            K key, @Nullable V expected, V value, AsyncCalls async, AsyncEntryStore asyncStore) {
        Predicate<V> wanted = expected == null ? found -> true : found -> Objects.equals(found, expected);
        return loop.runAsync(replaceCall(key, value, wanted), async, asyncStore);
    }

    /** Replaces a live value that {@code wanted} accepts, counting a read and, when it replaced, a put. */
    private OptimisticLoop.Call<K, V, CacheCore.Change<V>, CacheCore.Change<V>> replaceCall(
            K key, V value, Predicate<V> wanted) {
        long start = System.nanoTime();
        byte[] keyBytes = core.codec.keyBytes(key);
        byte[] valueBytes = core.codec.valueBytes(value);
        EventBatch<K, V> batch = core.events.newBatch();
        Runnable callWriter = loop.writerWriteOnce(key, value);
        return new OptimisticLoop.Call<>(
                key,
                keyBytes,
                batch,
                null,
                current -> core.decideChange(current, wanted, callWriter, c -> {
                    long deadline = core.expiry.onUpdate(c.now(), c.deadline());
                    return Pass.write(core.writeOf(c, keyBytes, valueBytes, deadline), () -> {
                        batch.updated(key, value, c.presentValue());
                        return true;
                    });
                }),
                change -> {
                    core.recordHitOrMiss(change.found() != null);
                    if (change.changed()) {
                        core.recordPuts(1);
                        core.recordPutTime(start);
                    }
                    batch.dispatch();
                    return change;
                });
    }
}
