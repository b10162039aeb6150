package io.memjcache.jcache.client;

/**
 * How a store treats an existing item (the meta protocol's {@code M} flag). Internal: not part of the provider's
 * API. Immutable and thread-safe; never {@code null}.
 */
public enum StoreMode {
    /** Store whether or not the item exists. */
    SET('S'),
    /** Store only if the item does not exist ({@link StoreStatus#NOT_STORED} otherwise). */
    ADD('E'),
    /** Store only if the item exists ({@link StoreStatus#NOT_STORED} otherwise). */
    REPLACE('R'),
    /** Add the bytes after the existing item's ({@link StoreStatus#NOT_STORED} if it does not exist). */
    APPEND('A'),
    /** Add the bytes before the existing item's ({@link StoreStatus#NOT_STORED} if it does not exist). */
    PREPEND('P');

    private final char token;

    StoreMode(char token) {
        this.token = token;
    }

    /** @return the mode's letter in the {@code ms} command's {@code M} flag */
    char token() {
        return token;
    }
}
