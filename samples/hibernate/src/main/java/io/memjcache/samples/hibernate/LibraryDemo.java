package io.memjcache.samples.hibernate;

import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.KeyType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * Runnable sample: stores an author and two books in an in-memory H2 database, then reads them back in fresh
 * sessions and prints what the second-level cache (in memcached, through memjcache) served.
 *
 * <p>Thread-safety: single-threaded program. Nullness: no nulls.
 */
public final class LibraryDemo {

    /** Held so the level set below is not lost when the logger is garbage collected. */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

    private LibraryDemo() {}

    /** Runs the sample with the cache settings in {@code memjcache-hibernate.properties}. */
    public static void main(String[] args) {
        // Hibernate logs its start-up at INFO through java.util.logging; keep the sample's output readable.
        HIBERNATE_LOG.setLevel(Level.WARNING);
        try (SessionFactory factory = LibrarySessionFactory.builder("jdbc:h2:mem:library;DB_CLOSE_DELAY=-1")
                .build()) {
            Statistics stats = factory.getStatistics();
            Author stored = factory.fromTransaction(session -> {
                Author author = new Author("Ursula K. Le Guin");
                session.persist(author);
                session.persist(author.write("978-0-06-051275-0", "The Dispossessed", 1799));
                session.persist(author.write("978-0-441-47812-5", "The Left Hand of Darkness", 1599));
                return author;
            });
            // Persisted, so both have their ids.
            long authorId = Objects.requireNonNull(stored.getId());
            long bookId = Objects.requireNonNull(stored.getBooks().get(0).getId());
            System.out.println("stored 1 author and 2 books; second-level cache regions: "
                    + stats.getSecondLevelCacheRegionNames().length);

            stats.clear();
            Book byId = factory.fromSession(session -> session.find(Book.class, bookId));
            System.out.printf(
                    "book by id     : %s (cache hits %d, misses %d)%n",
                    byId.getTitle(), stats.getSecondLevelCacheHitCount(), stats.getSecondLevelCacheMissCount());

            stats.clear();
            Book byIsbn =
                    factory.fromSession(session -> session.find(Book.class, "978-0-441-47812-5", KeyType.NATURAL));
            System.out.printf(
                    "book by ISBN   : %s (natural-id cache hits %d)%n",
                    byIsbn.getTitle(), stats.getNaturalIdCacheHitCount());

            factory.inSession(session -> readBooks(session, authorId));
            stats.clear();
            factory.inSession(session -> readBooks(session, authorId));
            System.out.printf(
                    "author's books : read twice (collection cache hits %d on the second read)%n",
                    stats.getCollectionStatistics(Author.class.getName() + ".books")
                            .getCacheHitCount());

            factory.inSession(LibraryDemo::cheapBooks);
            stats.clear();
            List<String> cheap = factory.fromSession(LibraryDemo::cheapBooks);
            System.out.printf("books < $17    : %s (query cache hits %d)%n", cheap, stats.getQueryCacheHitCount());
        }
    }

    private static void readBooks(Session session, long authorId) {
        session.find(Author.class, authorId).getBooks().forEach(Book::getTitle);
    }

    private static List<String> cheapBooks(Session session) {
        return session
                .createSelectionQuery("from Book b where b.priceCents < :max order by b.isbn", Book.class)
                .setParameter("max", 1700)
                .setCacheable(true)
                .getResultList()
                .stream()
                .map(Book::getTitle)
                .toList();
    }
}
