package io.memjcache.jcache.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one server answered to {@link MemcachedClient#getAll(java.util.Collection, String)}: the per-server header
 * item, read in the same pipelined batch as (and before) the keys the ring places on that server, and the items
 * of those keys. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe (the lists and maps are unmodifiable copies; the value arrays inside the items
 * follow {@link StoredValue}'s convention). No component is null.
 *
 * @param server the server that answered
 * @param header the header item stored on that server, empty when it holds none
 * @param keys   the requested keys owned by that server, in request order without duplicates
 * @param found  the items found among {@code keys}; a missing key is absent
 */
public record ServerRead(
        ServerAddress server, Optional<StoredValue> header, List<String> keys, Map<String, StoredValue> found) {

    /** Checks and copies the components. */
    public ServerRead {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(header, "header");
        keys = List.copyOf(keys);
        found = Map.copyOf(found);
    }
}
