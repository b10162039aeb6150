package io.memjcache.jcache.client;

/** The outcome of a store. Internal: not part of the provider's API. Immutable and thread-safe; never {@code null}. */
public enum StoreStatus {
    /** The item was stored ({@code HD}). */
    STORED,
    /** The mode's condition failed: add of an existing item, replace/append/prepend of a missing one ({@code NS}). */
    NOT_STORED,
    /** The CAS token did not match the item's ({@code EX}). */
    EXISTS,
    /** A CAS store found no item ({@code NF}). */
    NOT_FOUND
}
