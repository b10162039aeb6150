package io.memjcache.jcache.store;

import io.memjcache.jcache.client.HeaderedStore;
import io.memjcache.jcache.client.ServerRead;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreOutcome;
import io.memjcache.jcache.client.StoreRequest;
import io.memjcache.jcache.client.StoredValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a cache entry maps to a memcached item and back, for {@link EntryStore}, its asynchronous twin and its
 * replicas: the snapshot of an item read, the store request of a conditional write, and the snapshot a store's
 * answer stands for.
 *
 * <p>Thread-safe (stateless). Arguments are not {@code null} unless marked; a {@code null} result means the write
 * did not land (read again).
 */
final class EntryItems {

    private EntryItems() {}

    /**
     * @return the snapshot of {@code item} (absent: {@code null}) read under {@code memcachedKey}: its entry only when
     *         it decodes, belongs to {@code generation} and, when {@code expectedKey} is given, holds that key
     */
    static Snapshot snapshot(
            String memcachedKey, @Nullable StoredValue item, long generation, byte @Nullable [] expectedKey) {
        if (item == null) {
            return new Snapshot(memcachedKey, 0, generation, null);
        }
        Optional<StoredEntry> decoded = EntryCodec.decode(item.value());
        StoredEntry entry = decoded.filter(e -> e.generation() == generation)
                .filter(e -> expectedKey == null || Arrays.equals(e.key(), expectedKey))
                .orElse(null);
        return new Snapshot(memcachedKey, item.cas(), generation, entry);
    }

    /**
     * Adds to {@code into} the snapshot of every key {@code server} was asked for, judged by that server's
     * {@code generation}, each expected to hold the serialized key {@code expectedKeys} gives for it.
     */
    static void addSnapshots(
            ServerRead server, long generation, Function<String, byte[]> expectedKeys, Map<String, Snapshot> into) {
        for (String memcachedKey : server.keys()) {
            into.put(
                    memcachedKey,
                    snapshot(
                            memcachedKey,
                            server.found().get(memcachedKey),
                            generation,
                            expectedKeys.apply(memcachedKey)));
        }
    }

    /** @return the snapshot of a {@link EntryStore#writeOverKnown} given the answer, or {@code null} (read again) */
    static @Nullable Snapshot writtenOverKnown(Snapshot known, StoredEntry entry, HeaderedStore answer) {
        OptionalLong generation =
                answer.header().map(item -> Generations.parse(item.value())).orElse(OptionalLong.empty());
        if (generation.isEmpty() || generation.getAsLong() != known.generation()) {
            return null;
        }
        return written(known, entry, answer.outcome());
    }

    /** @return what a read right after a store of {@code entry} over {@code previous} finds, or {@code null} if none */
    static @Nullable Snapshot written(Snapshot previous, StoredEntry entry, StoreOutcome outcome) {
        return outcome.stored()
                ? new Snapshot(previous.memcachedKey(), outcome.cas(), previous.generation(), entry)
                : null;
    }

    /** ADD where there was no item, else a CAS-guarded REPLACE (the same as a CAS-guarded SET). */
    static StoreRequest request(Snapshot previous, StoredEntry entry, long ttlSeconds) {
        return previous.cas() == 0
                ? new StoreRequest(previous.memcachedKey(), EntryCodec.encode(entry), 0, ttlSeconds, 0, StoreMode.ADD)
                : new StoreRequest(
                        previous.memcachedKey(),
                        EntryCodec.encode(entry),
                        0,
                        ttlSeconds,
                        previous.cas(),
                        StoreMode.REPLACE);
    }
}
