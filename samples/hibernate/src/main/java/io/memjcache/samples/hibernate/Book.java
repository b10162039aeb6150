package io.memjcache.samples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;
import org.jspecify.annotations.Nullable;

/**
 * A book, found by id or by its ISBN (the natural id). Both lookups are served from the second-level cache: the
 * entity region maps id to state, the natural-id region maps ISBN to id.
 *
 * <p>Not thread-safe: a managed entity belongs to one session. {@link #getId()} is null until persisted; other
 * getters never return null.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {

    @Id
    // A sequence, not IDENTITY: Hibernate puts rows inserted with IDENTITY keys into no cache region.
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    private @Nullable Long id;

    @NaturalId
    private String isbn;

    private String title;

    private int priceCents;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Author author;

    /** For Hibernate only. */
    @SuppressWarnings("NullAway.Init") // Hibernate sets the author of the instances it makes with this constructor
    protected Book() {
        this.isbn = "";
        this.title = "";
    }

    Book(String isbn, String title, int priceCents, Author author) {
        this.isbn = isbn;
        this.title = title;
        this.priceCents = priceCents;
        this.author = author;
    }

    public @Nullable Long getId() {
        return id;
    }

    public String getIsbn() {
        return isbn;
    }

    public String getTitle() {
        return title;
    }

    public int getPriceCents() {
        return priceCents;
    }

    public void setPriceCents(int priceCents) {
        this.priceCents = priceCents;
    }

    public Author getAuthor() {
        return author;
    }
}
