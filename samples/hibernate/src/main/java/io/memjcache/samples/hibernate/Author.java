package io.memjcache.samples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.jspecify.annotations.Nullable;

/**
 * An author and the books they wrote. The author row and the author's list of book ids (the collection) are each
 * kept in their own second-level cache region.
 *
 * <p>Not thread-safe: a managed entity belongs to one session. {@link #getId()} is null until persisted; other
 * getters never return null.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {

    @Id
    // A sequence, not IDENTITY: Hibernate puts rows inserted with IDENTITY keys into no cache region.
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    private @Nullable Long id;

    private String name;

    /** Cached as a collection: the region holds the ids of the books, the books themselves come from their region. */
    @OneToMany(mappedBy = "author")
    @OrderBy("isbn")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<Book> books = new ArrayList<>();

    /** For Hibernate only. */
    protected Author() {
        this.name = "";
    }

    public Author(String name) {
        this.name = name;
    }

    public @Nullable Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public List<Book> getBooks() {
        return books;
    }

    /** Adds {@code book} to this author's books; both sides of the association are kept in step. */
    public Book write(String isbn, String title, int priceCents) {
        Book book = new Book(isbn, title, priceCents, this);
        books.add(book);
        return book;
    }
}
