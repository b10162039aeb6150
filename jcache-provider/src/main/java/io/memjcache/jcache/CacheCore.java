package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedException;
import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.event.EventDispatcher;
import io.memjcache.jcache.expiry.ExpiryDeadline;
import io.memjcache.jcache.integration.LoaderAdapter;
import io.memjcache.jcache.integration.WriterAdapter;
import io.memjcache.jcache.management.CacheStatistics;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.MemcachedTtl;
import io.memjcache.jcache.store.Snapshot;
import io.memjcache.jcache.store.StoredEntry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.cache.CacheException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Everything the operations of one cache share: codec, store, expiry, listeners, statistics, loader and writer,
 * plus the read and conditional write steps every operation is built from.
 *
 * <p>Thread-safe. {@link #loader} and {@link #writer} are {@code null} when the cache has none (the writer also
 * when write-through is off); {@link Current#value()} is {@code null} for an absent entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheCore<K, V> {

    final ValueCodec<K, V> codec;
    final EntryStore store;
    final ExpiryDeadline expiry;
    final EventDispatcher<K, V> events;
    final CacheStatistics statistics;
    final @Nullable LoaderAdapter<K, V> loader;
    final boolean readThrough;
    final @Nullable WriterAdapter<K, V> writer;
    private final InstantSource wallClock;
    /** The near cache's read path of get and containsKey; {@code null} when the cache has no near cache. */
    private final @Nullable NearReads<K, V> nearReads;

    private volatile boolean statisticsEnabled;

    CacheCore(
            ValueCodec<K, V> codec,
            EntryStore store,
            ExpiryDeadline expiry,
            EventDispatcher<K, V> events,
            CacheStatistics statistics,
            @Nullable LoaderAdapter<K, V> loader,
            boolean readThrough,
            @Nullable WriterAdapter<K, V> writer,
            InstantSource wallClock,
            @Nullable NearCache near,
            boolean storeByValue) {
        this.codec = codec;
        this.store = store;
        this.expiry = expiry;
        this.events = events;
        this.statistics = statistics;
        this.loader = loader;
        this.readThrough = readThrough;
        this.writer = writer;
        this.wallClock = wallClock;
        this.nearReads = near == null ? null : new NearReads<>(this, near, storeByValue);
    }

    /**
     * The state of one entry as an operation saw it.
     *
     * @param snapshot what memcached holds, for the conditional write that follows
     * @param value    the live value, or {@code null} if absent or expired
     * @param now      the time of the read (injected clock, epoch millis)
     * @param <V>      the value type
     */
    record Current<V>(Snapshot snapshot, @Nullable V value, long now) {

        boolean present() {
            return value != null;
        }

        /** @return whether a live entry was found whose value could not be read */
        boolean unreadable() {
            return value == null && snapshot.isLiveAt(now);
        }

        /** @return the value of an entry the caller knows to be {@link #present()} */
        V presentValue() {
            if (value == null) {
                throw new IllegalStateException("the entry " + snapshot.memcachedKey() + " is absent");
            }
            return value;
        }

        long deadline() {
            return snapshot.entry() == null
                    ? StoredEntry.ETERNAL
                    : snapshot.entry().deadlineMillis();
        }
    }

    /** Reads an entry; an expired one reads as absent and its EXPIRED event goes into {@code batch}. */
    Current<V> read(K key, byte[] keyBytes, EventBatch<K, V> batch) {
        long now = expiry.now();
        Snapshot snapshot = store.read(keyBytes);
        return current(key, snapshot, now, batch);
    }

    /**
     * As {@link #read}, answered from the near cache when the cache has one and its server confirms the entry: for
     * the reads that only read (get, containsKey), whose result is the same either way.
     */
    /** @return whether reads go through a near cache ({@link #readNear} then differs from {@link #read}) */
    boolean hasNearCache() {
        return nearReads != null;
    }

    Current<V> readNear(K key, byte[] keyBytes, EventBatch<K, V> batch) {
        return nearReads == null ? read(key, keyBytes, batch) : nearReads.read(key, keyBytes, batch);
    }

    /**
     * Judges a snapshot at {@code now}. An entry whose value cannot be read (its class changed or is gone after a
     * deploy, or is not allowed) reads as absent, and the writes that follow replace it by its CAS token.
     */
    Current<V> current(K key, Snapshot snapshot, long now, EventBatch<K, V> batch) {
        StoredEntry entry = snapshot.entry();
        if (entry != null && snapshot.isExpiredAt(now)) {
            if (batch.wants(EventType.EXPIRED)) {
                V old = codec.readableValue(entry.value());
                if (old != null) {
                    batch.expired(key, old);
                }
            }
            return new Current<>(snapshot, null, now);
        }
        V value = entry != null && snapshot.isLiveAt(now) ? codec.readableValue(entry.value()) : null;
        return new Current<>(snapshot, value, now);
    }

    /** @return the write of a new entry, conditional on the item being as {@code current} saw it */
    EntryStore.Write writeOf(Current<V> current, byte[] keyBytes, byte[] valueBytes, long deadline) {
        StoredEntry entry = new StoredEntry(current.snapshot().generation(), deadline, keyBytes, valueBytes);
        return new EntryStore.Write(
                current.snapshot(), entry, MemcachedTtl.ttlSeconds(deadline, current.now(), wallClock.millis() / 1000));
    }

    /** Writes the entry if nobody changed it since {@code current} was read; false means re-read and retry. */
    boolean write(Current<V> current, byte[] keyBytes, byte[] valueBytes, long deadline) {
        return write(writeOf(current, keyBytes, valueBytes, deadline), current.now());
    }

    /**
     * Makes a write decided at {@code now} if nobody changed the entry since it was read; false means re-read and
     * retry. A failed store puts the previous entry back and throws {@link #storeFailed}.
     */
    boolean write(EntryStore.Write write, long now) {
        try {
            return store.write(write.previous(), write.entry(), write.ttlSeconds());
        } catch (MemcachedException e) {
            restore(write.previous(), now);
            throw storeFailed(write, e);
        }
    }

    /** @return the failure a write reports once its store failed and the previous entry was put back */
    static CacheException storeFailed(EntryStore.Write write, MemcachedException e) {
        return new CacheException(
                "storing an entry of " + write.entry().value().length + " value bytes failed: " + e.getMessage(), e);
    }

    /**
     * Removes the entry if nobody changed or removed it since {@code current} was read. Exactly one of several
     * racing callers gets true; false means re-read and retry, and the re-read then finds the entry absent (another
     * caller removed it) or changed.
     */
    boolean delete(Current<V> current) {
        return store.delete(current.snapshot());
    }

    /**
     * Deletes an expired entry found by a read that will not overwrite it; a concurrent change wins. Housekeeping:
     * whether this call or another deleted it does not matter, so the outcome is ignored.
     */
    void dropIfExpired(Current<V> current) {
        Snapshot drop = expiredToDrop(current);
        if (drop != null) {
            store.delete(drop);
        }
    }

    /** @return the item {@link #dropIfExpired} deletes, or {@code null} when it deletes nothing */
    @Nullable
    Snapshot expiredToDrop(Current<V> current) {
        // A replica's copy is dropped by the owner's decision once the owner is back, not by a read meanwhile.
        return current.snapshot().isExpiredAt(current.now())
                        && !current.snapshot().readFromReplica()
                ? current.snapshot()
                : null;
    }

    /**
     * @return the entry whose value could not be read, which the removing operations delete (it reads as absent,
     *         but a remove must not leave it behind; a concurrent change wins), or {@code null} for none
     */
    @Nullable
    Snapshot unreadableToDrop(Current<V> current) {
        return current.unreadable() ? current.snapshot() : null;
    }

    /** Applies the access expiry to a live entry just read; a concurrent change wins over the new deadline. */
    void touch(Current<V> current) {
        EntryStore.Write write = touchOf(current);
        if (write != null) {
            write(
                    current,
                    write.entry().key(),
                    write.entry().value(),
                    write.entry().deadlineMillis());
        }
    }

    /**
     * @return the write applying the access expiry to a live entry just read, or {@code null} when its deadline
     *         stays as it is; for batching several touches into one round
     */
    EntryStore.@Nullable Write touchOf(Current<V> current) {
        StoredEntry entry = Objects.requireNonNull(current.snapshot().entry(), "touchOf takes a live entry");
        if (current.snapshot().readFromReplica()) {
            return null; // only the owner decides; a read served by a replica leaves the deadline as it is
        }
        long deadline = expiry.onAccess(current.now(), entry.deadlineMillis());
        return deadline == entry.deadlineMillis() ? null : writeOf(current, entry.key(), entry.value(), deadline);
    }

    /**
     * Makes conditional writes in one pipelined round.
     *
     * @return per memcached key, whether it was written (false: changed since the read)
     * @throws MemcachedException when the round failed (e.g. a value too large for the server); which writes
     *                            landed is then unknown, see {@link #landedAfterFailure}
     */
    Map<String, Boolean> writeAll(List<EntryStore.Write> writes) {
        if (writes.isEmpty()) {
            return Map.of();
        }
        return store.writeAll(writes);
    }

    /**
     * After a failed round of writes: re-reads the entries to learn which writes landed, and puts back the
     * previous entry of the others, as memcached drops the item whose store failed.
     *
     * @return per memcached key of {@code writes}, whether that write landed
     */
    Map<String, Boolean> landedAfterFailure(List<EntryStore.Write> writes) {
        List<byte[]> keys = new ArrayList<>();
        writes.forEach(write -> keys.add(write.entry().key()));
        Map<String, Snapshot> after = store.readAll(keys);
        long now = expiry.now();
        Map<String, Boolean> landed = new LinkedHashMap<>();
        for (EntryStore.Write write : writes) {
            StoredEntry found = Objects.requireNonNull(
                            after.get(write.previous().memcachedKey()), "every key is read")
                    .entry();
            boolean same = found != null
                    && found.deadlineMillis() == write.entry().deadlineMillis()
                    && Arrays.equals(found.value(), write.entry().value());
            landed.put(write.previous().memcachedKey(), same);
            if (!same) {
                restore(write.previous(), now);
            }
        }
        return landed;
    }

    /** Puts back the entry a failed store destroyed (memcached drops the item whose store failed), if there was one. */
    private void restore(Snapshot previous, long now) {
        if (previous.entry() != null) {
            store.restore(previous, restoreTtl(previous, now));
        }
    }

    /** @return the memcached TTL to put back {@code previous}'s entry with at {@code now} (0 for none) */
    long restoreTtl(Snapshot previous, long now) {
        StoredEntry entry = previous.entry();
        return entry == null ? 0 : MemcachedTtl.ttlSeconds(entry.deadlineMillis(), now, wallClock.millis() / 1000);
    }

    /**
     * Conditional deletes in one pipelined round.
     *
     * @return per memcached key, whether this call deleted the item; false when another client deleted or changed
     *         it first (a removal must then re-read, a drop of an expired entry can ignore it)
     */
    Map<String, Boolean> deleteAll(List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return Map.of();
        }
        return store.deleteAll(snapshots);
    }

    /**
     * What {@link #decideChange} found and did.
     *
     * @param found   the live value the last read found, or {@code null} if the entry was absent or expired
     * @param changed whether the change was made (never when {@code found} is {@code null})
     * @param <V>     the value type
     */
    record Change<V>(@Nullable V found, boolean changed) {}

    /**
     * One pass of the operations that change only an existing entry (remove, replace, and their if-equal and
     * get-and forms), for {@link OptimisticLoop}: an absent entry is left alone (an expired or unreadable one
     * dropped); a live entry whose value {@code wanted} refuses counts as read and gets the access expiry; any other
     * is changed by {@code attempt}'s step, and read and decided again while another client changes it in between.
     *
     * @param wanted     whether a live value is one to change
     * @param callWriter tells the writer (write-through) about the change; runs at every pass that changes, so the
     *                   caller makes it run once (see {@link OptimisticLoop#once})
     * @param attempt    the change of the entry as read, adding its event to the operation's batch once made
     */
    Pass<Change<V>> decideChange(
            Current<V> current, Predicate<V> wanted, Runnable callWriter, Function<Current<V>, Pass<?>> attempt) {
        V found = current.value();
        if (found == null) {
            Snapshot drop = expiredToDrop(current);
            return Pass.dropThen(drop != null ? drop : unreadableToDrop(current), () -> new Change<>(null, false));
        }
        if (!wanted.test(found)) {
            return Pass.touchThen(touchOf(current), () -> new Change<>(found, false));
        }
        callWriter.run();
        return attempt.apply(current).map(done -> new Change<>(found, true));
    }

    /** Stores a value the loader supplied, as a creation (no writer, CREATED event). */
    void storeLoaded(K key, byte[] keyBytes, V value, Current<V> current, EventBatch<K, V> batch) {
        long deadline = expiry.onCreation(current.now());
        if (deadline <= current.now()) {
            dropIfExpired(current);
            return;
        }
        if (write(current, keyBytes, codec.valueBytes(value), deadline)) {
            batch.created(key, value);
        }
    }

    boolean statisticsEnabled() {
        return statisticsEnabled;
    }

    void setStatisticsEnabled(boolean enabled) {
        statisticsEnabled = enabled;
    }

    /** Counts one read: a hit if it found a live entry, else a miss. */
    void recordHitOrMiss(boolean hit) {
        if (hit) {
            recordHits(1);
        } else {
            recordMisses(1);
        }
    }

    void recordHits(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordHits(n);
        }
    }

    void recordMisses(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordMisses(n);
        }
    }

    void recordPuts(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordPuts(n);
        }
    }

    void recordRemovals(long n) {
        if (statisticsEnabled && n > 0) {
            statistics.recordRemovals(n);
        }
    }

    void recordGetTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordGetTime(System.nanoTime() - startNanos);
        }
    }

    void recordPutTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordPutTime(System.nanoTime() - startNanos);
        }
    }

    void recordRemoveTime(long startNanos) {
        if (statisticsEnabled) {
            statistics.recordRemoveTime(System.nanoTime() - startNanos);
        }
    }
}
