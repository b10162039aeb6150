package io.memjcache.jcache;

import io.memjcache.jcache.processor.ProcessorEntry;
import javax.cache.processor.EntryProcessorException;

/**
 * Turns the net outcome of an entry processor on one key ({@link ProcessorEntry.Outcome}) into the change a
 * {@link PipelinedInvoke} round makes: a conditional write, a conditional delete, or nothing, and what that change
 * means once it lands. With write-through, the writer is called here, before the change is made.
 *
 * <p>Thread-safe: it keeps no state of its own; each attempt is planned by the call that owns it. Arguments must not
 * be {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class InvokePlanner<K, V> {

    private final CacheCore<K, V> core;

    InvokePlanner(CacheCore<K, V> core) {
        this.core = core;
    }

    /** Decides the change the processor's outcome asks for, calling the writer first when there is one. */
    void plan(InvokeAttempt<K, V, ?> attempt) {
        CacheCore.Current<V> current = attempt.current;
        attempt.write = null;
        attempt.delete = null;
        attempt.mustLand = false;
        attempt.effect = InvokeAttempt.Effect.NONE;
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
                    attempt.effect = InvokeAttempt.Effect.LOADED;
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
                    attempt.effect = InvokeAttempt.Effect.STORED;
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
                    attempt.effect = InvokeAttempt.Effect.REMOVED;
                } else {
                    dropIfExpired(attempt);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + attempt.entry.outcome());
        }
    }

    private static void dropIfExpired(InvokeAttempt<?, ?, ?> attempt) {
        if (attempt.current.snapshot().isExpiredAt(attempt.current.now())
                && !attempt.current.snapshot().readFromReplica()) {
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
}
