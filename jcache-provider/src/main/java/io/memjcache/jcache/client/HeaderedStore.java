package io.memjcache.jcache.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What the key's server answered to {@link MemcachedClient#storeAfterHeader}: the per-server header item, read
 * just before the store on the same connection, and the store's outcome. Internal: not part of the provider's API.
 *
 * <p>Immutable and thread-safe. No component is null.
 *
 * @param server  the server that answered
 * @param header  the header item's value as read before the store (CAS 0, flags 0, TTL -1); empty when missing
 * @param outcome the store's outcome, with the new CAS token when stored
 */
public record HeaderedStore(ServerAddress server, Optional<StoredValue> header, StoreOutcome outcome) {

    /** Checks the components. */
    public HeaderedStore {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(outcome, "outcome");
    }
}
