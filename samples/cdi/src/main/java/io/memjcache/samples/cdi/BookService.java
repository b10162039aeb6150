package io.memjcache.samples.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jspecify.annotations.Nullable;

/**
 * The application's view of the catalogue, cached with the JSR-107 annotations: the methods only talk to the
 * {@link BookRepository}; the interceptors of memjcache's CDI integration keep the {@value #CACHE} cache in step,
 * keyed by ISBN.
 *
 * <p>Thread-safe (the repository and the cache are). Arguments must not be {@code null}; {@link #find} returns
 * {@code null} for an unknown ISBN (and a {@code null} result is not cached).
 */
@ApplicationScoped
@CacheDefaults(cacheName = BookService.CACHE)
public class BookService {

    /** The name of the cache the annotations use. */
    public static final String CACHE = "books";

    @Inject
    BookRepository repository;

    /** Loads the book on the first call for an ISBN; later calls answer from the cache. */
    @CacheResult
    public @Nullable Book find(String isbn) {
        return repository.load(isbn);
    }

    /** Stores the book and puts it in the cache, so the next {@link #find} needs no load. */
    @CachePut
    public void save(@CacheKey String isbn, @CacheValue Book book) {
        repository.store(book);
    }

    /** Changes a book's title and evicts its cached copy, so the next {@link #find} loads the new title. */
    @CacheRemove
    public void retitle(@CacheKey String isbn, String title) {
        repository.store(new Book(isbn, title));
    }

    /** Empties the cache, e.g. after the catalogue was changed behind the application's back. */
    @CacheRemoveAll
    public void evictAll() {
        // Nothing to do but what the annotation does.
    }
}
