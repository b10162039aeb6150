package io.memjcache.server.command;

import io.memjcache.server.stats.ServerStats;
import io.memjcache.server.store.Item;
import io.memjcache.server.store.ItemStore;
import io.memjcache.server.store.KeyBuffer;
import io.memjcache.server.store.StoreSegment;
import io.memjcache.server.store.WatchCmd;
import io.memjcache.server.support.Ascii;
import io.memjcache.server.support.CNumbers;
import io.netty.buffer.Unpooled;

/**
 * incr/decr in every protocol (text {@code incr}/{@code decr}, meta {@code ma}, binary increment/decrement with
 * initial value, expiry, creation on a miss and CAS): the value is read as an unsigned 64-bit decimal (memcached's
 * parsing: leading spaces allowed, trailing spaces allowed), increments wrap at 2^64, decrements stop at 0. A result
 * no longer than the old value keeps the old length, padded with spaces, exactly as memcached rewrites items in
 * place. Thread-safe (stateless apart from its collaborators).
 *
 * <p>Internal, not API.
 */
public final class CounterOperation {

    public enum Status {
        OK,
        NOT_FOUND,
        NON_NUMERIC,
        CAS_MISMATCH,
        CREATED
    }

    /** The result: new value, and the item's CAS and expiry after the change. */
    public record Result(Status status, long value, long cas, long expiresAt) {
        static final Result NOT_FOUND = new Result(Status.NOT_FOUND, 0, 0, 0);
        static final Result NON_NUMERIC = new Result(Status.NON_NUMERIC, 0, 0, 0);
        static final Result CAS_MISMATCH = new Result(Status.CAS_MISMATCH, 0, 0, 0);
    }

    /** What to do on a miss: create the item with {@code initial} (meta {@code N}/{@code J}), or not. */
    public record Vivify(boolean enabled, long initial, long expiresAt) {
        public static final Vivify NONE = new Vivify(false, 0, 0);
    }

    private final ItemStore store;
    private final ServerStats stats;

    public CounterOperation(ItemStore store, ServerStats stats) {
        this.store = store;
        this.stats = stats;
    }

    /**
     * @param casIn CAS the item must have, 0 for any
     * @param newExpiresAt expiry to set on success (meta {@code T}), or -1 to keep it
     */
    public Result apply(KeyBuffer key, boolean increment, long delta, long casIn, Vivify vivify, long newExpiresAt) {
        StoreSegment segment = store.segment(key.hash);
        long now = store.now();
        boolean linkedUnreserved = false;
        segment.lock();
        try {
            Item old = store.live(segment, key, now, false);
            if (old == null) {
                // As memcached counts them: a miss that creates the item is not a miss.
                if (!vivify.enabled()) {
                    (increment ? stats.incrMisses : stats.decrMisses).increment();
                    return Result.NOT_FOUND;
                }
                byte[] digits = Ascii.unsignedDigits(vivify.initial());
                byte[] data = itemData(key, digits, digits.length);
                Item created = new Item(data, key.length, 0, vivify.expiresAt(), store.nextCas(), now);
                store.link(segment, created, null, WatchCmd.ADD, key.cfd);
                linkedUnreserved = true;
                return new Result(Status.CREATED, vivify.initial(), created.cas, created.expiresAt());
            }
            int valueLength = old.valueLength();
            if (valueLength == 0) {
                return Result.NON_NUMERIC;
            }
            if (casIn != 0 && casIn != old.cas) {
                return Result.CAS_MISMATCH;
            }
            long[] parsed = new long[1];
            if (!CNumbers.strtoul(Unpooled.wrappedBuffer(old.data), old.keyLength(), old.data.length, parsed)) {
                return Result.NON_NUMERIC;
            }
            long value = parsed[0];
            if (increment) {
                value += delta;
                stats.incrHits.increment();
                ServerStats.hit(stats.classIncrHits, old);
            } else {
                value = Long.compareUnsigned(delta, value) > 0 ? 0 : value - delta;
                stats.decrHits.increment();
                ServerStats.hit(stats.classDecrHits, old);
            }
            byte[] digits = Ascii.unsignedDigits(value);
            byte[] data = itemData(key, digits, Math.max(digits.length, valueLength));
            linkedUnreserved = digits.length > valueLength;
            Item updated = new Item(
                    data,
                    key.length,
                    old.clientFlags,
                    newExpiresAt >= 0 ? newExpiresAt : old.expiresAt(),
                    store.nextCas(),
                    now);
            updated.setBits(old.bits());
            WatchCmd cmd = increment ? WatchCmd.INCR : WatchCmd.DECR;
            if (linkedUnreserved) {
                store.link(segment, updated, old, cmd, key.cfd);
            } else {
                store.rewrite(segment, updated, old, cmd, key.cfd);
            }
            return new Result(Status.OK, value, updated.cas, updated.expiresAt());
        } finally {
            segment.unlock();
            if (linkedUnreserved) {
                store.trimToLimit();
            }
        }
    }

    /** Key, the digits, space padding up to {@code valueLength}, and the terminator. */
    private static byte[] itemData(KeyBuffer key, byte[] digits, int valueLength) {
        byte[] data = new byte[key.length + valueLength + 2];
        System.arraycopy(key.bytes, 0, data, 0, key.length);
        System.arraycopy(digits, 0, data, key.length, digits.length);
        for (int i = key.length + digits.length; i < key.length + valueLength; i++) {
            data[i] = ' ';
        }
        data[data.length - 2] = '\r';
        data[data.length - 1] = '\n';
        return data;
    }
}
