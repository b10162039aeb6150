package io.memjcache.samples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.hibernate.KeyType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the library's second-level cache must do whatever memcached it runs on, read from Hibernate's
 * {@link Statistics}: every lookup kind (entity, collection, natural id, query) misses and puts once, then hits.
 * Subclasses say where the cache lives.
 *
 * <p>Each test gets its own H2 database and region prefix, so counts start from zero even on a shared server.
 */
abstract class SecondLevelCacheContract {

    private static final String BOOK = Book.class.getName();
    private static final String BOOKS_OF_AUTHOR = Author.class.getName() + ".books";

    private String regionPrefix;
    private SessionFactory factory;
    private Statistics stats;
    private Shelf shelf;

    /** @return the value for {@code hibernate.javax.cache.uri} */
    abstract String cacheUri();

    @BeforeEach
    void openLibrary() {
        regionPrefix = UUID.randomUUID().toString();
        factory = LibrarySessionFactory.builder("jdbc:h2:mem:" + regionPrefix + ";DB_CLOSE_DELAY=-1")
                .cacheUri(cacheUri())
                .regionPrefix(regionPrefix)
                .build();
        stats = factory.getStatistics();
        shelf = Shelf.store(factory);
    }

    @AfterEach
    void closeLibrary() {
        factory.close();
    }

    @Test
    void insertedBookIsReadFromTheCacheAndReloadedOnceAfterEviction() {
        assertEquals(2, stats.getEntityStatistics(BOOK).getCachePutCount(), "both inserted books are cached");

        stats.clear();
        assertEquals(
                "The Dispossessed",
                factory.fromSession(s -> s.find(Book.class, shelf.dispossessedId()))
                        .getTitle());
        assertCounts(stats.getDomainDataRegionStatistics(BOOK), 1, 0, 0);
        assertEquals(0, stats.getPrepareStatementCount(), "no SQL for a cached entity");

        factory.getCache().evictEntityData(Book.class, shelf.dispossessedId());
        stats.clear();
        factory.inSession(s -> s.find(Book.class, shelf.dispossessedId()));
        factory.inSession(s -> s.find(Book.class, shelf.dispossessedId()));
        assertCounts(stats.getDomainDataRegionStatistics(BOOK), 1, 1, 1);
        assertEquals(1, stats.getPrepareStatementCount(), "one SQL select after the eviction, none after");
    }

    @Test
    void authorsBooksAreCachedAsACollectionOnFirstReadAndHitOnTheSecond() {
        stats.clear();
        assertEquals(List.of(Shelf.DISPOSSESSED_ISBN, Shelf.LEFT_HAND_ISBN), isbnsOfAuthor());
        var collection = stats.getCollectionStatistics(BOOKS_OF_AUTHOR);
        assertEquals(0, collection.getCacheHitCount());
        assertEquals(1, collection.getCacheMissCount());
        assertEquals(1, collection.getCachePutCount());

        stats.clear();
        assertEquals(List.of(Shelf.DISPOSSESSED_ISBN, Shelf.LEFT_HAND_ISBN), isbnsOfAuthor());
        collection = stats.getCollectionStatistics(BOOKS_OF_AUTHOR);
        assertEquals(1, collection.getCacheHitCount());
        assertEquals(0, collection.getCacheMissCount());
        assertEquals(2, stats.getEntityStatistics(BOOK).getCacheHitCount(), "the books come from their region");
        assertEquals(0, stats.getPrepareStatementCount(), "author, collection and books all from the cache");
    }

    @Test
    void naturalIdLookupMissesOnceAfterEvictionThenHits() {
        factory.getCache().evictNaturalIdData(Book.class);
        stats.clear();
        assertEquals(shelf.leftHandId(), findByIsbn(Shelf.LEFT_HAND_ISBN).getId());
        CacheRegionStatistics region = stats.getDomainDataRegionStatistics(BOOK + "##NaturalId");
        assertCounts(region, 0, 1, 1);

        stats.clear();
        assertEquals(shelf.leftHandId(), findByIsbn(Shelf.LEFT_HAND_ISBN).getId());
        assertEquals(1, stats.getNaturalIdCacheHitCount());
        assertEquals(0, stats.getNaturalIdCacheMissCount());
        assertEquals(0, stats.getPrepareStatementCount(), "ISBN to id and id to book both from the cache");
    }

    @Test
    void cachedQueryHitsUntilABookChangesThenIsRecomputed() {
        stats.clear();
        assertEquals(List.of("The Left Hand of Darkness"), factory.fromSession(this::booksUnder17Dollars));
        assertQueryCache(0, 1, 1);

        stats.clear();
        assertEquals(List.of("The Left Hand of Darkness"), factory.fromSession(this::booksUnder17Dollars));
        assertQueryCache(1, 0, 0);

        factory.inTransaction(s -> s.find(Book.class, shelf.dispossessedId()).setPriceCents(1499));
        stats.clear();
        assertEquals(
                List.of("The Dispossessed", "The Left Hand of Darkness"),
                factory.fromSession(this::booksUnder17Dollars));
        assertQueryCache(0, 1, 1);
    }

    private List<String> isbnsOfAuthor() {
        return factory.fromSession(s -> s.find(Author.class, shelf.authorId()).getBooks().stream()
                .map(Book::getIsbn)
                .toList());
    }

    private Book findByIsbn(String isbn) {
        return factory.fromSession(s -> s.find(Book.class, isbn, KeyType.NATURAL));
    }

    private List<String> booksUnder17Dollars(Session session) {
        return session
                .createSelectionQuery("from Book b where b.priceCents < 1700 order by b.isbn", Book.class)
                .setCacheable(true)
                .getResultList()
                .stream()
                .map(Book::getTitle)
                .toList();
    }

    private void assertQueryCache(long hits, long misses, long puts) {
        assertEquals(
                List.of(hits, misses, puts),
                List.of(stats.getQueryCacheHitCount(), stats.getQueryCacheMissCount(), stats.getQueryCachePutCount()),
                "query cache hits, misses, puts");
    }

    private static void assertCounts(CacheRegionStatistics region, long hits, long misses, long puts) {
        assertEquals(
                List.of(hits, misses, puts),
                List.of(region.getHitCount(), region.getMissCount(), region.getPutCount()),
                region.getRegionName() + " hits, misses, puts");
    }
}
