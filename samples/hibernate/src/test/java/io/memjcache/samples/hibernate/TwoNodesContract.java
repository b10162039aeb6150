package io.memjcache.samples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes (two session factories, each with its own cache manager) over one database and one
 * memcached: a change committed through node A, or an eviction made on node A, is never read stale on node B.
 * Subclasses say where the cache lives.
 */
abstract class TwoNodesContract {

    private String jdbcUrl;
    private SessionFactory nodeA;
    private SessionFactory nodeB;
    private Shelf shelf;

    /** @return the value for {@code hibernate.javax.cache.uri}, the same on both nodes */
    abstract String cacheUri();

    @BeforeEach
    void startNodes() {
        String unique = UUID.randomUUID().toString();
        jdbcUrl = "jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1";
        nodeA = LibrarySessionFactory.builder(jdbcUrl)
                .regionPrefix(unique)
                .cacheManager(NodeCacheManager.open(cacheUri()))
                .build();
        shelf = Shelf.store(nodeA);
        nodeB = LibrarySessionFactory.builder(jdbcUrl)
                .createSchema(false)
                .regionPrefix(unique)
                .cacheManager(NodeCacheManager.open(cacheUri()))
                .build();
    }

    @AfterEach
    void stopNodes() {
        // Each node closes its own cache manager only, so B keeps working until it is closed too.
        try {
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            nodeA.close();
        }
    }

    @Test
    void priceUpdatedOnNodeAIsReadOnNodeBFromTheSharedCache() {
        assertEquals(1799, priceOnB());
        nodeB.getStatistics().clear();
        assertEquals(1799, priceOnB());
        assertEquals(1, nodeB.getStatistics().getSecondLevelCacheHitCount(), "B reads the row A cached at insert");

        nodeA.inTransaction(s -> s.find(Book.class, shelf.dispossessedId()).setPriceCents(1499));
        nodeB.getStatistics().clear();
        assertEquals(1499, priceOnB());
        assertEquals(1, nodeB.getStatistics().getSecondLevelCacheHitCount(), "A's commit put the new state");
        assertEquals(0, nodeB.getStatistics().getPrepareStatementCount());
    }

    @Test
    void bookAddedOnNodeAAppearsInTheAuthorsCachedBooksOnNodeB() {
        assertEquals(List.of(Shelf.DISPOSSESSED_ISBN, Shelf.LEFT_HAND_ISBN), isbnsOnB());
        nodeB.getStatistics().clear();
        assertEquals(List.of(Shelf.DISPOSSESSED_ISBN, Shelf.LEFT_HAND_ISBN), isbnsOnB());
        assertEquals(
                1,
                nodeB.getStatistics()
                        .getCollectionStatistics(Author.class.getName() + ".books")
                        .getCacheHitCount(),
                "B's second read of the books comes from the collection cache");

        nodeA.inTransaction(s -> s.persist(
                s.find(Author.class, shelf.authorId()).write("978-0-06-105691-2", "The Lathe of Heaven", 1699)));

        assertEquals(List.of(Shelf.DISPOSSESSED_ISBN, "978-0-06-105691-2", Shelf.LEFT_HAND_ISBN), isbnsOnB());
    }

    @Test
    void evictAllOnNodeAMakesNodeBReloadAChangeMadeBehindHibernatesBack() {
        assertEquals(1799, priceOnB());
        setPriceInDatabase(shelf.dispossessedId(), 999);
        assertEquals(1799, priceOnB(), "the cache still holds the old row: nobody told Hibernate");

        nodeA.getCache().evictAllRegions();

        assertEquals(999, priceOnB());
    }

    @Test
    void cachedQueryOnNodeBIsRecomputedAfterNodeAUpdatesABook() {
        assertEquals(List.of("The Left Hand of Darkness"), nodeB.fromSession(TwoNodesContract::booksUnder17Dollars));
        nodeB.getStatistics().clear();
        assertEquals(List.of("The Left Hand of Darkness"), nodeB.fromSession(TwoNodesContract::booksUnder17Dollars));
        assertEquals(1, nodeB.getStatistics().getQueryCacheHitCount());

        nodeA.inTransaction(s -> s.find(Book.class, shelf.dispossessedId()).setPriceCents(1499));

        assertEquals(
                List.of("The Dispossessed", "The Left Hand of Darkness"),
                nodeB.fromSession(TwoNodesContract::booksUnder17Dollars));
    }

    @Test
    void queryRegionEvictionOnNodeAMakesNodeBRerunTheQuery() {
        assertEquals(List.of("The Left Hand of Darkness"), nodeB.fromSession(TwoNodesContract::booksUnder17Dollars));
        setPriceInDatabase(shelf.dispossessedId(), 1499);
        assertEquals(
                List.of("The Left Hand of Darkness"),
                nodeB.fromSession(TwoNodesContract::booksUnder17Dollars),
                "the cached result still stands: nobody told Hibernate");

        nodeA.getCache().evictQueryRegions();
        nodeB.getStatistics().clear();

        assertEquals(
                List.of("The Dispossessed", "The Left Hand of Darkness"),
                nodeB.fromSession(TwoNodesContract::booksUnder17Dollars));
        assertEquals(1, nodeB.getStatistics().getQueryCacheMissCount());
    }

    private int priceOnB() {
        return nodeB.fromSession(s -> s.find(Book.class, shelf.dispossessedId()))
                .getPriceCents();
    }

    private List<String> isbnsOnB() {
        return nodeB.fromSession(s -> s.find(Author.class, shelf.authorId()).getBooks().stream()
                .map(Book::getIsbn)
                .toList());
    }

    private static List<String> booksUnder17Dollars(Session session) {
        return session
                .createSelectionQuery("from Book b where b.priceCents < 1700 order by b.title", Book.class)
                .setCacheable(true)
                .getResultList()
                .stream()
                .map(Book::getTitle)
                .toList();
    }

    /** Changes a row the way another program sharing the database would: plain JDBC, unseen by Hibernate. */
    private void setPriceInDatabase(long bookId, int priceCents) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
                PreparedStatement update = connection.prepareStatement("update Book set priceCents = ? where id = ?")) {
            update.setInt(1, priceCents);
            update.setLong(2, bookId);
            assertEquals(1, update.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
