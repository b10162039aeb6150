package io.memjcache.jcache.client;

import java.util.Objects;

/**
 * The outcome of a store that asked for the stored item's CAS token ({@code ms ... c}). Internal: not part of the
 * provider's API.
 *
 * <p>Immutable and thread-safe. No component is null.
 *
 * @param status what the server did
 * @param cas    the CAS token of the item just stored when {@code status} is {@link StoreStatus#STORED} and the
 *               server told it, else 0 (which no conditional write may use)
 */
public record StoreOutcome(StoreStatus status, long cas) {

    /** Checks the status. */
    public StoreOutcome {
        Objects.requireNonNull(status, "status");
    }

    /** @return whether the item was stored */
    public boolean stored() {
        return status == StoreStatus.STORED;
    }
}
