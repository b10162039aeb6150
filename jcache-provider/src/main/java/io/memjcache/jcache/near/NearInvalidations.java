package io.memjcache.jcache.near;

import io.memjcache.jcache.client.ServerAddress;

/**
 * What the servers' watch streams tell the near cache of one cache in {@code eventual} mode: which entries changed,
 * and when nothing it holds from a server may be trusted any more. The watch side calls these as soon as it learns
 * of a change; the near cache must then no longer serve what was dropped, including values of reads that were in
 * flight when the call came, which must not be cached when they complete.
 *
 * <p>Implementations are thread-safe: the watch threads call them concurrently with the cache's readers and writers.
 * Arguments are never {@code null}.
 */
public interface NearInvalidations {

    /**
     * The entry stored under {@code memcachedKey} was written, deleted, evicted or expired on some server.
     *
     * @param memcachedKey the entry's memcached key, as {@code CacheNamespace.entryKey} names it (decoded from the
     *     watch stream's URI encoding)
     */
    void invalidate(String memcachedKey);

    /**
     * Nothing of this cache read from {@code server} may be served any more: its watch stream was lost or skipped
     * lines, its heartbeat came back late, it was marked down, or the cache's generation there changed (a
     * {@code clear()}). Drops every near entry that was read from {@code server}.
     */
    void invalidateServer(ServerAddress server);

    /**
     * This JVM read the entry under {@code memcachedKey} from its server to decide a change, which it may not have
     * made (a remove that found the entry gone): what the server answered is at least as new as a near entry of the
     * key. By default the entry is dropped, so that this JVM never reads an older value after it.
     */
    default void readFromServer(String memcachedKey) {
        invalidate(memcachedKey);
    }
}
