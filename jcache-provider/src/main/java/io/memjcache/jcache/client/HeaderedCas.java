package io.memjcache.jcache.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What the key's server answered to {@link MemcachedClient#casAfterHeader}: the per-server header item and the
 * key's CAS token, read together on one connection, the header first. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe. No component is null.
 *
 * @param server the server that answered
 * @param header the header item's value (CAS 0, flags 0, TTL -1); empty when missing
 * @param cas    the key's CAS token; 0 when the key has no item
 */
public record HeaderedCas(ServerAddress server, Optional<StoredValue> header, long cas) {

    /** Checks the components. */
    public HeaderedCas {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(header, "header");
    }
}
