package io.memjcache.jcache.client;

/** The outcome of a delete. Internal: not part of the provider's API. Immutable and thread-safe; never {@code null}. */
public enum DeleteStatus {
    /** The item was removed ({@code HD}). */
    DELETED,
    /** There was no such item ({@code NF}). */
    NOT_FOUND,
    /** The CAS token did not match the item's, which was kept ({@code EX}). */
    EXISTS
}
