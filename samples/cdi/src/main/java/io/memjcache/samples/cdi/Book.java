package io.memjcache.samples.cdi;

import java.io.Serializable;
import java.util.Objects;

/**
 * A book of the catalogue. Serializable because the cache stores it in memcached.
 *
 * <p>Immutable, so thread-safe. No component is {@code null}.
 *
 * @param isbn the book's ISBN
 * @param title the book's title
 */
public record Book(String isbn, String title) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks that no component is {@code null}. */
    public Book {
        Objects.requireNonNull(isbn, "isbn");
        Objects.requireNonNull(title, "title");
    }
}
