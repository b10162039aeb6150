package io.memjcache.jcache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.management.NearCacheStatistics;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The near cache of one cache: entries this JVM read from the servers, kept in a Caffeine cache bounded by entries
 * and optionally by bytes, keyed by memcached key. It decides nothing about consistency itself: the strict reads
 * check each entry against its server before answering from it, and every write of this JVM and every change the
 * watch streams report drops the entries it concerns ({@link NearInvalidations}).
 *
 * <p><b>The fill race.</b> A read that began before an invalidation must not cache what it read after it: its
 * value may be the one the invalidation was about. So a read that will fill the near cache first puts a pending
 * marker under the key ({@link #beginFill}), reads the server, and then replaces the marker by the entry only if
 * the very same marker is still there ({@link #fill}). Every invalidation removes the marker with the entry, so a
 * read in flight across an invalidation fills nothing. Concurrent reads of one key share a marker: each began
 * after it was put and before anything removed it, so either one's result may fill.
 *
 * <p><b>Bounds.</b> Caffeine bounds a cache by count or by weight, not both; with a byte bound, an entry weighs its
 * serialized key and value plus {@value NearEntry#OVERHEAD_BYTES} bytes of bookkeeping, but never less than
 * {@code maxBytes / maxEntries}, so the byte bound also keeps the count within {@code maxEntries}. Eviction runs on
 * the calling threads (Caffeine's maintenance with a same-thread executor), not on a shared pool.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; {@link #get} returns {@code null} when there is no entry.
 */
public final class NearCache implements NearInvalidations {

    /** The pending marker of reads in flight; identity is what matters. */
    public static final class Fill {
        private final String memcachedKey;

        private Fill(String memcachedKey) {
            this.memcachedKey = memcachedKey;
        }
    }

    /** Values are {@link NearEntry}s and {@link Fill} markers. */
    private final Cache<String, Object> slots;

    private final NearCacheStatistics statistics;

    /** In {@code eventual} mode, the cache's registration with the watch streams; set once, before any read. */
    private volatile @Nullable WatchRegistration watch;

    /**
     * @param maxEntries the most entries it holds, at least 1
     * @param maxBytes   the most bytes of serialized keys and values it holds, 0 for no byte bound
     */
    public NearCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 0) {
            throw new IllegalArgumentException("near cache bounds: " + maxEntries + " entries, " + maxBytes + " bytes");
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run);
        if (maxBytes == 0) {
            this.slots = builder.maximumSize(maxEntries).build();
        } else {
            long least = Math.max(1, (maxBytes + maxEntries - 1) / maxEntries);
            this.slots = builder.maximumWeight(maxBytes)
                    .<String, Object>weigher((key, slot) -> (int) Math.min(
                            Integer.MAX_VALUE,
                            Math.max(least, slot instanceof NearEntry entry ? entry.weightBytes() : 0)))
                    .build();
        }
        this.statistics = new NearCacheStatistics(slots::estimatedSize);
    }

    /**
     * Puts the near cache in {@code eventual} mode: its entries are served with no round trip while
     * {@code registration} says their server is {@linkplain WatchRegistration#servable servable}. Called once, when
     * the cache is created, before any read.
     */
    public void watchedBy(WatchRegistration registration) {
        this.watch = Objects.requireNonNull(registration, "registration");
    }

    /** @return the registration with the watch streams in {@code eventual} mode, {@code null} in {@code strict} mode */
    public @Nullable WatchRegistration watch() {
        return watch;
    }

    /** Stops the watch streams' calls (in {@code eventual} mode) and drops every entry: the cache is closing. */
    public void close() {
        WatchRegistration registration = watch;
        if (registration != null) {
            registration.close();
        }
        slots.invalidateAll();
    }

    /** @return the entry of the key, or {@code null} when there is none (or only reads in flight) */
    public @Nullable NearEntry get(String memcachedKey) {
        return slots.getIfPresent(memcachedKey) instanceof NearEntry entry ? entry : null;
    }

    /**
     * Marks a read of the key as in flight, before it is sent: only a read whose marker survives until it
     * completes may {@link #fill} the near cache.
     *
     * @return the marker, to hand to {@link #fill} or {@link #abandon}
     */
    public Fill beginFill(String memcachedKey) {
        Object slot = slots.asMap()
                .compute(memcachedKey, (key, current) -> current instanceof Fill ? current : new Fill(key));
        return (Fill) Objects.requireNonNull(slot);
    }

    /**
     * Keeps what a read found, unless something invalidated the key since the read's {@link #beginFill}.
     *
     * @return whether the entry was kept
     */
    public boolean fill(Fill marker, NearEntry entry) {
        return slots.asMap().replace(marker.memcachedKey, marker, entry);
    }

    /** Withdraws the marker of a read that found nothing to keep (if nothing replaced it meanwhile). */
    public void abandon(Fill marker) {
        slots.asMap().remove(marker.memcachedKey, marker);
    }

    /** Drops the entry of this key, and voids the fills of reads of it in flight. */
    @Override
    public void invalidate(String memcachedKey) {
        if (slots.asMap().remove(memcachedKey) != null) {
            statistics.recordInvalidation();
        }
    }

    /**
     * In {@code eventual} mode, drops the entry (see {@link NearInvalidations#readFromServer}); in {@code strict}
     * mode keeps it, as each hit is checked against the server anyway.
     */
    @Override
    public void readFromServer(String memcachedKey) {
        if (watch != null) {
            invalidate(memcachedKey);
        }
    }

    /** Drops every entry read from {@code server}, and voids every fill in flight (their server is not known). */
    @Override
    public void invalidateServer(ServerAddress server) {
        Objects.requireNonNull(server, "server");
        slots.asMap()
                .values()
                .removeIf(slot ->
                        !(slot instanceof NearEntry entry) || entry.server().equals(server));
        statistics.recordServerDrop();
    }

    /** @return the counts of this near cache, also its MXBean */
    public NearCacheStatistics statistics() {
        return statistics;
    }

    /** @return the entries and markers held now, after pending evictions (for tests and statistics) */
    long size() {
        slots.cleanUp();
        return slots.estimatedSize();
    }
}
