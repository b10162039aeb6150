package io.memjcache.jcache.store;

import io.memjcache.jcache.client.DeleteStatus;
import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.client.StoreMode;
import io.memjcache.jcache.client.StoreRequest;

/**
 * The deletes of one cache's entries, each followed by its delete marker where {@link DeleteMarkers} asks for one
 * (see there why), in the same write to the entry's server, so the marker is logged right after the delete.
 *
 * <p>Thread-safe (stateless apart from the thread-safe client). Arguments must not be {@code null}.
 */
final class MarkedDeletes {

    private static final byte[] EMPTY = new byte[0];

    private final MemcachedClient client;
    private final CacheNamespace namespace;
    private final DeleteMarkers markers;

    MarkedDeletes(MemcachedClient client, CacheNamespace namespace, DeleteMarkers markers) {
        this.client = client;
        this.namespace = namespace;
        this.markers = markers;
    }

    /** @return whether deletes may need markers at all (else bulk deletes may take the unmarked batch path) */
    boolean mayMark() {
        return markers != DeleteMarkers.NEVER;
    }

    /** @return whether a delete of {@code memcachedKey} is followed by a delete marker */
    boolean marks(String memcachedKey) {
        return mayMark() && markers.neededOn(client.replicaServers(memcachedKey).get(0));
    }

    /** {@code md <key> C<cas>} (cas 0: unconditional), then the marker if the key's server needs one. */
    DeleteStatus delete(String memcachedKey, long cas) {
        if (!marks(memcachedKey)) {
            return client.delete(memcachedKey, cas);
        }
        StoreRequest marker =
                new StoreRequest(namespace.deleteMarkerKey(memcachedKey), EMPTY, 0, 1, 0, StoreMode.REPLACE);
        return client.deleteThenStore(memcachedKey, cas, marker);
    }
}
