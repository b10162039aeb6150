package io.memjcache.samples.hibernate;

import org.hibernate.SessionFactory;

/**
 * The rows the tests start from: one author with two books, stored through a session factory.
 *
 * <p>Immutable and thread-safe; no nulls.
 */
record Shelf(long authorId, long dispossessedId, long leftHandId) {

    static final String DISPOSSESSED_ISBN = "978-0-06-051275-0";
    static final String LEFT_HAND_ISBN = "978-0-441-47812-5";

    /** Stores the author and the two books in one transaction. */
    static Shelf store(SessionFactory factory) {
        return factory.fromTransaction(session -> {
            Author author = new Author("Ursula K. Le Guin");
            session.persist(author);
            Book dispossessed = author.write(DISPOSSESSED_ISBN, "The Dispossessed", 1799);
            Book leftHand = author.write(LEFT_HAND_ISBN, "The Left Hand of Darkness", 1599);
            session.persist(dispossessed);
            session.persist(leftHand);
            return new Shelf(author.getId(), dispossessed.getId(), leftHand.getId());
        });
    }
}
