package io.memjcache.jcache.near;

import io.memjcache.jcache.client.StoredValue;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one registered cache knows of one server's watch: whether its entries from there may be served (the server's
 * stream is confirmed fresh, and the cache's generation counter there was read since it registered), and the
 * counter's value last read with a heartbeat.
 *
 * <p>Thread-safe: {@link #fresh} is written under the {@link ServerWatch}'s lock and read by any thread; the
 * generation is read and written by the server's heartbeat thread only. Nothing is {@code null} but a generation not
 * yet read.
 */
final class CacheLink {

    final WatchRegistration registration;
    final ServerWatch watch;

    /** Whether a heartbeat confirmed since the last loss also read this cache's counter; written under the lock. */
    volatile boolean fresh;
    /** Whether a heartbeat read this cache's counter on the server since the cache registered. */
    volatile boolean generationRead;

    /** The counter's bytes last read (heartbeat thread only); null before the first read or while missing. */
    private byte @Nullable [] generation;

    CacheLink(WatchRegistration registration, ServerWatch watch) {
        this.registration = registration;
        this.watch = watch;
    }

    /** @return the key the server keeps the cache's generation counter under */
    String generationKey() {
        return registration.namespace().generationKey();
    }

    /**
     * Takes the counter read with a heartbeat: after the first read, a value other than the one last read (a
     * {@code clear()}, which {@code ma} makes without a watch line on memcached), a missing counter (evicted, flushed:
     * the cache's entries there are stale) or a counter back after it was missing (recreated by a reader, perhaps
     * advanced since: entries of its first value may be held) drops every entry of the cache read from the server.
     * The first read drops nothing: the cache is not servable until a heartbeat confirms it, which drops its entries.
     */
    void generationRead(Optional<StoredValue> item) {
        byte[] value = item.map(StoredValue::value).orElse(null);
        if (generationRead && (value == null || generation == null || !Arrays.equals(generation, value))) {
            registration.invalidations().invalidateServer(watch.server());
        }
        generation = value;
        generationRead = true;
    }
}
