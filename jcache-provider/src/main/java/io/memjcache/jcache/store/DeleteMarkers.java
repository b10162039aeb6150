package io.memjcache.jcache.store;

import io.memjcache.jcache.client.ServerAddress;

/**
 * Whether a delete on a server must be followed by a <em>delete marker</em>: a store of the entry's
 * {@linkplain CacheNamespace#deleteMarkerKey marker key} right after the delete, in the same write, so that the
 * server's {@code watch mutations} stream shows the delete to the near caches of other JVMs. Needed on servers whose
 * {@code watch} has no {@code deletions} stream (memcached before 1.6.20); the bundled server has it.
 *
 * <p>The marker is a {@code replace} of a key that never exists: the server refuses it (nothing is stored, nothing
 * costs memory) and logs it all the same.
 *
 * <p>Implementations are thread-safe and cheap (asked on every delete). Arguments are never {@code null}.
 */
@FunctionalInterface
public interface DeleteMarkers {

    /** No markers: no JVM near-caches the cache in {@code eventual} mode, or every server logs deletes. */
    DeleteMarkers NEVER = server -> false;

    /** Markers after every delete: what a JVM does while it does not know whether its servers log deletes. */
    DeleteMarkers ALWAYS = server -> true;

    /** @return whether a delete on {@code server} must be followed by its marker */
    boolean neededOn(ServerAddress server);
}
