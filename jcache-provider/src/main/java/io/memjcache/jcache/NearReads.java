package io.memjcache.jcache;

import io.memjcache.jcache.event.EventBatch;
import io.memjcache.jcache.near.NearCache;
import io.memjcache.jcache.near.NearEntry;
import io.memjcache.jcache.near.SharedValues;
import io.memjcache.jcache.store.EntryStore;
import io.memjcache.jcache.store.Snapshot;
import io.memjcache.jcache.store.StoredEntry;
import org.jspecify.annotations.Nullable;

/**
 * The strict near cache on the read path of get and containsKey: a near entry is answered only after its server
 * confirmed, in one round trip carrying no value, that the key still holds the very item it was read from (same
 * CAS token) in the same generation of the cache; the answer is then exactly what a read made at that moment
 * would have found, so reads stay linearizable. Otherwise (no entry, expired, changed, or unreadable) the entry is
 * read as without a near cache, and what the read found live is kept for the next read, unless the key was
 * invalidated while the read was in flight (see {@link NearCache}).
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
        NearEntry held = near.get(memcachedKey);
        if (held != null && held.liveAt(now)) {
            if (core.store.stillStored(memcachedKey, held.cas(), held.generation(), held.server())) {
                V value = valueOf(held);
                if (value != null) {
                    near.statistics().recordHit();
                    return new CacheCore.Current<>(snapshotOf(memcachedKey, held), value, now);
                }
            } else {
                near.statistics().recordFailedValidation();
            }
        }
        near.statistics().recordMiss();
        NearCache.Fill fill = near.beginFill(memcachedKey);
        EntryStore.Located located;
        try {
            located = core.store.readLocated(keyBytes);
        } catch (RuntimeException e) {
            near.abandon(fill);
            throw e;
        }
        CacheCore.Current<V> current = core.current(key, located.snapshot(), now, batch);
        V value = current.value();
        StoredEntry entry = located.snapshot().entry();
        if (value != null && entry != null) {
            near.fill(
                    fill,
                    new NearEntry(
                            located.snapshot().cas(),
                            located.snapshot().generation(),
                            located.server(),
                            entry.deadlineMillis(),
                            entry.key(),
                            entry.value(),
                            SharedValues.shareable(value, storeByValue) ? value : null));
        } else {
            near.abandon(fill);
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
