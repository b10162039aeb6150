package io.memjcache.samples.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The slow system of record behind {@link BookService}: every load waits for a simulated latency (none unless
 * {@link #simulateLatency} sets one) and is counted, so the sample can show which calls the cache saved.
 *
 * <p>Thread-safe. Arguments must not be {@code null}; {@link #load} returns {@code null} for an unknown ISBN.
 */
@ApplicationScoped
public class BookRepository {

    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger stores = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    /** Creates the repository with two books in it. */
    public BookRepository() {
        books.put("978-0134685991", new Book("978-0134685991", "Effective Java"));
        books.put("978-1617294945", new Book("978-1617294945", "Java Persistence with Hibernate"));
    }

    /** @param latency how long each load takes from now on, like a query to a remote database */
    public void simulateLatency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    /** @return the book with this ISBN, or {@code null}; slow, and counted in {@link #loads()} */
    public @Nullable Book load(String isbn) {
        loads.incrementAndGet();
        Duration wait = latency;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading " + isbn, e);
            }
        }
        return books.get(Objects.requireNonNull(isbn, "isbn"));
    }

    /** Stores the book, replacing any book of its ISBN; counted in {@link #stores()}. */
    public void store(Book book) {
        stores.incrementAndGet();
        books.put(book.isbn(), book);
    }

    /** @return how many times {@link #load} has run */
    public int loads() {
        return loads.get();
    }

    /** @return how many times {@link #store} has run */
    public int stores() {
        return stores.get();
    }
}
