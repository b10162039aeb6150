package io.memjcache.jcache;

import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one pass of an optimistic read-decide-write loop decided to do with the entry it read: the decision is made
 * once, by the operation's code, and carried out either by the blocking loop or by the asynchronous chain
 * ({@link OptimisticLoop}), so both have exactly the same semantics. A {@link Kind#WRITE} or {@link Kind#DELETE}
 * that finds the entry changed since the read makes the loop read and decide again; otherwise {@link #then} gives
 * the pass's result (and adds its event to the operation's batch).
 *
 * <p>Immutable; {@link #then} is called at most once, by the thread carrying the pass out. {@link #write} is
 * {@code null} unless the kind writes, {@link #snapshot} unless it deletes; the result may be {@code null}.
 *
 * @param kind     what to do
 * @param write    the conditional write of {@link Kind#WRITE} and {@link Kind#TOUCH}
 * @param snapshot the item to delete of {@link Kind#DELETE} and {@link Kind#DROP}
 * @param then     the result once done, called only when the change was made (or did not matter)
 * @param <T>      the result type
 */
record Pass<T>(
        Kind kind,
        EntryStore.@Nullable Write write,
        @Nullable Snapshot snapshot,
        Supplier<T> then) {

    /** The step a pass takes before it finishes. */
    enum Kind {
        /** Nothing to send: finish. */
        FINISH,
        /** A conditional write that must land: when the entry changed meanwhile, read and decide again. */
        WRITE,
        /** A conditional delete that must land: when the entry changed or is gone, read and decide again. */
        DELETE,
        /** A conditional write of the access expiry whose outcome does not matter (a concurrent change wins). */
        TOUCH,
        /** A conditional delete of an expired or unreadable entry whose outcome does not matter. */
        DROP
    }

    static <T> Pass<T> finish(Supplier<T> result) {
        return new Pass<>(Kind.FINISH, null, null, result);
    }

    static <T> Pass<T> write(EntryStore.Write write, Supplier<T> onWritten) {
        return new Pass<>(Kind.WRITE, write, null, onWritten);
    }

    static <T> Pass<T> delete(Snapshot snapshot, Supplier<T> onDeleted) {
        return new Pass<>(Kind.DELETE, null, snapshot, onDeleted);
    }

    /** @return a touch with that write then {@code result}, or only {@code result} when nothing is to be touched */
    static <T> Pass<T> touchThen(EntryStore.@Nullable Write touch, Supplier<T> result) {
        return touch == null ? finish(result) : new Pass<>(Kind.TOUCH, touch, null, result);
    }

    /** @return a drop of that item then {@code result}, or only {@code result} when nothing is to be dropped */
    static <T> Pass<T> dropThen(@Nullable Snapshot drop, Supplier<T> result) {
        return drop == null ? finish(result) : new Pass<>(Kind.DROP, null, drop, result);
    }

    /** @return the same step with its result mapped by {@code mapping} */
    <U> Pass<U> map(Function<T, U> mapping) {
        return new Pass<>(kind, write, snapshot, () -> mapping.apply(then.get()));
    }

    /** @return whether a failed condition (the entry changed since the read) makes the loop read again */
    boolean mustLand() {
        return kind == Kind.WRITE || kind == Kind.DELETE;
    }
}
