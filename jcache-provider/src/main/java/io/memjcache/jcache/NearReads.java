package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.near.NearEntry;
import io.memjcache.jcache.near.SharedValues;
import io.memjcache.jcache.near.WatchRegistration;
import io.memjcache.jcache.store.LocatedReads;
import io.memjcache.jcache.store.Snapshot;
import io.memjcache.jcache.store.StoredEntry;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The near cache on the read path of get and containsKey. In {@code strict} mode a near entry is answered only
 * after its server confirmed, in one round trip carrying no value, that the key still holds the very item it was
 * read from (same CAS token) in the same generation of the cache; the answer is then exactly what a read made at
 * that moment would have found, so reads stay linearizable. In {@code eventual} mode it is answered with no round
 * trip while the watch streams say its server is {@linkplain WatchRegistration#servable servable}, that is while
 * every change that server made more than the staleness bound ago has reached the near cache. Otherwise (no entry,
 * expired, changed, not servable, or unreadable) the entry is read as without a near cache, and what the read found
 * live is kept for the next read, unless the key was invalidated while the read was in flight (see
 * {@link NearCache}) or, in {@code eventual} mode, its server was not servable when the read began (changes made
 * while its stream was down may never be reported).
 *
 * <p>Values: kept deserialized and handed out as they are when {@link SharedValues#shareable} says so (a
 * store-by-reference cache, or an immutable JDK value); otherwise kept serialized and deserialized per hit, so each
 * reader gets its own copy as store-by-value requires.
 *
 * <p>Thread-safe. Arguments are never {@code null}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class NearReads<K, V> {

    /**
     * A read of the servers that may fill the near cache.
     *
     * @param fill    its pending marker, put before the read was sent
     * @param mayFill whether what it finds may be kept ({@code eventual} mode: the server was servable before)
     */
    private record Miss(NearCache.Fill fill, boolean mayFill) {}

    /**
     * What the asynchronous part of {@link #readAsync} found: a near entry its server confirmed, or what a read of
     * the server found (empty when that read needs a blocking step) and the marker that read put.
     */
    private record Found(
            @Nullable NearEntry confirmed, @Nullable Miss miss, Optional<LocatedReads.Located> located) {}

    private final CacheCore<K, V> core;
    private final NearCache near;
    private final boolean storeByValue;

    NearReads(CacheCore<K, V> core, NearCache near, boolean storeByValue) {
        this.core = core;
        this.near = near;
        this.storeByValue = storeByValue;
    }

    /** Reads an entry, from the near cache when its server confirms it; as {@link CacheCore#read} otherwise. */
    CacheCore.Current<V> read(K key, byte[] keyBytes, EventBatch<K, V> batch) {
        long now = core.expiry.now();
        String memcachedKey = core.store.memcachedKey(keyBytes);
        NearEntry held = liveEntry(memcachedKey, now);
        if (held != null) {
            WatchRegistration watch = near.watch();
            boolean confirmed = watch != null
                    ? watch.servable(held.server())
                    : core.store.located().stillStored(memcachedKey, held.cas(), held.generation(), held.server());
            if (!confirmed) {
                near.statistics().recordFailedValidation();
            } else {
                CacheCore.Current<V> hit = hit(memcachedKey, held, now);
                if (hit != null) {
                    return hit;
                }
            }
        }
        return readServer(key, keyBytes, memcachedKey, now, batch);
    }

    /**
     * As {@link #read}, with no thread waiting for memcached, for {@code getAsync}: the same decisions, the same
     * statistics, the same fill rules. A strict check is sent with the asynchronous client, and a refused check or
     * a miss reads the entry with it at once, from the check's completion; {@code decide} then runs on the executor
     * of {@code async} (it may deserialize, ask the expiry policy, load), whose stage is returned. One case skips
     * the executor: an {@code eventual} near hit whose value is shared as it is and whose cache's expiry policy
     * never moves a deadline on access runs nothing of the application's, so {@code decide} runs on the calling
     * thread and the stage returned is already complete: such hits never wait for a busy executor.
     */
    <T> CompletionStage<T> readAsync(
            K key,
            byte[] keyBytes,
            long now,
            EventBatch<K, V> batch,
            AsyncCalls async,
            Function<CacheCore.Current<V>, T> decide) {
        String memcachedKey = core.store.memcachedKey(keyBytes);
        NearEntry held = liveEntry(memcachedKey, now);
        CompletableFuture<Found> found;
        if (held == null) {
            found = readServerAsync(memcachedKey, keyBytes);
        } else {
            WatchRegistration watch = near.watch();
            CompletableFuture<Boolean> confirmed;
            if (watch == null) {
                confirmed = core.store
                        .located()
                        .stillStoredAsync(memcachedKey, held.cas(), held.generation(), held.server());
            } else {
                boolean servable = watch.servable(held.server());
                if (servable && held.value() != null && core.expiry.accessKeepsDeadline()) {
                    return CompletableFuture.completedFuture(
                            decide.apply(Objects.requireNonNull(hit(memcachedKey, held, now))));
                }
                confirmed = CompletableFuture.completedFuture(servable);
            }
            found = confirmed.thenCompose(current -> {
                if (current) {
                    return CompletableFuture.completedFuture(new Found(held, null, Optional.empty()));
                }
                near.statistics().recordFailedValidation();
                return readServerAsync(memcachedKey, keyBytes);
            });
        }
        return async.afterRead(found, result -> decide.apply(settle(key, keyBytes, memcachedKey, result, now, batch)));
    }

    /** @return the near entry of the key if it may still be served at {@code now}, else {@code null} */
    private @Nullable NearEntry liveEntry(String memcachedKey, long now) {
        NearEntry held = near.get(memcachedKey);
        return held != null && held.liveAt(now) ? held : null;
    }

    /** @return the answer from a confirmed near entry, counted as a near hit; null if its value is unreadable */
    private CacheCore.@Nullable Current<V> hit(String memcachedKey, NearEntry held, long now) {
        V value = valueOf(held);
        if (value == null) {
            return null;
        }
        near.statistics().recordHit();
        return new CacheCore.Current<>(snapshotOf(memcachedKey, held), value, now);
    }

    /** Counts a near miss and marks a read of the key in flight (see {@link NearCache}), before it is sent. */
    private Miss beginMiss(String memcachedKey) {
        near.statistics().recordMiss();
        NearCache.Fill fill = near.beginFill(memcachedKey);
        WatchRegistration watch = near.watch();
        return new Miss(fill, watch == null || watch.servable(core.store.serverOf(memcachedKey)));
    }

    /** Reads the entry from its server, blocking, and keeps what it found live by the rules of {@link #endMiss}. */
    private CacheCore.Current<V> readServer(
            K key, byte[] keyBytes, String memcachedKey, long now, EventBatch<K, V> batch) {
        Miss miss = beginMiss(memcachedKey);
        return endMiss(key, miss, readLocated(miss, keyBytes), now, batch);
    }

    /** As {@link #readServer} up to the answer, with the asynchronous client; a failed read withdraws its marker. */
    private CompletableFuture<Found> readServerAsync(String memcachedKey, byte[] keyBytes) {
        Miss miss = beginMiss(memcachedKey);
        return core.store.located().readAsync(keyBytes).handle((located, failure) -> {
            if (failure != null) {
                near.abandon(miss.fill());
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return new Found(null, miss, located);
        });
    }

    /** On the executor: the entry an asynchronous read settled on, as {@link #read} returns it. */
    private CacheCore.Current<V> settle(
            K key, byte[] keyBytes, String memcachedKey, Found found, long now, EventBatch<K, V> batch) {
        NearEntry confirmed = found.confirmed();
        if (confirmed != null) {
            CacheCore.Current<V> hit = hit(memcachedKey, confirmed, now);
            return hit != null ? hit : readServer(key, keyBytes, memcachedKey, now, batch);
        }
        Miss miss = Objects.requireNonNull(found.miss(), "a read that confirmed nothing read the server");
        LocatedReads.Located located = found.located().isPresent()
                ? found.located().get()
                : readLocated(miss, keyBytes); // the server's generation counter must be created or repaired
        return endMiss(key, miss, located, now, batch);
    }

    /** Reads the entry with the blocking client; a failed read withdraws the marker of {@code miss}. */
    private LocatedReads.Located readLocated(Miss miss, byte[] keyBytes) {
        try {
            return core.store.located().read(keyBytes);
        } catch (RuntimeException e) {
            near.abandon(miss.fill());
            throw e;
        }
    }

    /** Judges what a read found and keeps it near when it is live and the read's marker survived. */
    private CacheCore.Current<V> endMiss(
            K key, Miss miss, LocatedReads.Located located, long now, EventBatch<K, V> batch) {
        CacheCore.Current<V> current = core.current(key, located.snapshot(), now, batch);
        V value = current.value();
        StoredEntry entry = located.snapshot().entry();
        if (value != null && entry != null && miss.mayFill()) {
            near.fill(
                    miss.fill(),
                    new NearEntry(
                            located.snapshot().cas(),
                            located.snapshot().generation(),
                            located.server(),
                            entry.deadlineMillis(),
                            entry.key(),
                            entry.value(),
                            SharedValues.shareable(value, storeByValue) ? value : null));
        } else {
            near.abandon(miss.fill());
        }
        return current;
    }

    /** @return the value of a confirmed near entry: the shared instance, or a fresh copy; null if unreadable */
    private @Nullable V valueOf(NearEntry held) {
        Object shared = held.value();
        if (shared != null) {
            @SuppressWarnings("unchecked") // only a V read by this cache's codec is ever kept
            V value = (V) shared;
            return value;
        }
        return core.codec.readableValue(held.valueBytes());
    }

    private static Snapshot snapshotOf(String memcachedKey, NearEntry held) {
        return new Snapshot(
                memcachedKey,
                held.cas(),
                held.generation(),
                new StoredEntry(held.generation(), held.deadlineMillis(), held.keyBytes(), held.valueBytes()));
    }
}
