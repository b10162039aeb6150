package io.memjcache.samples.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.Extension;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Caching;

/**
 * A CDI SE application whose {@link BookService} caches with the JSR-107 annotations. The only setup is having
 * memjcache's CDI integration on the class path: its extension adds the interceptors, and with no
 * {@code javax.cache.CacheManager} bean in the application the cache lives in memjcache's default cache manager
 * (the embedded server; {@code -Dmemjcache.servers=host:port} for real memcached).
 *
 * <p>Not thread-safe: {@link #run} drives one service from one thread. Arguments must not be {@code null}.
 */
public final class CdiSample {

    /** The simulated latency of each repository load in {@link #main}. */
    static final Duration REPOSITORY_LATENCY = Duration.ofMillis(300);

    static final String EFFECTIVE_JAVA = "978-0134685991";
    static final String HIBERNATE = "978-1617294945";
    static final String MODERN_JAVA = "978-1617293566";

    /** Held so the level set in {@link #main} stays (the logging framework keeps loggers only weakly). */
    private static final Logger WELD_LOGGER = Logger.getLogger("org.jboss.weld");

    private CdiSample() {}

    /** Boots the container, runs the walk-through with a slow repository and prints each step. */
    public static void main(String[] args) {
        // Weld announces its version and each container at INFO; the sample's own output is what matters here.
        WELD_LOGGER.setLevel(Level.WARNING);
        try (SeContainer container = boot()) {
            BookRepository repository = container.select(BookRepository.class).get();
            repository.simulateLatency(REPOSITORY_LATENCY);
            System.out.println("BookService caches in '" + BookService.CACHE + "' of "
                    + Caching.getCachingProvider().getCacheManager().getURI() + "; each repository load takes "
                    + REPOSITORY_LATENCY.toMillis() + " ms");
            run(container.select(BookService.class).get(), repository, System.out);
        } finally {
            // Closing the provider stops the embedded server, whose threads would otherwise keep the JVM alive.
            Caching.getCachingProvider().close();
        }
    }

    /**
     * Boots a CDI SE container with bean discovery on, as an application does: it finds the beans of this jar
     * (a bean archive through its {@code beans.xml}) and service-loads the extensions on the class path, among
     * them memjcache's. Weld SE loads service-registered extensions only with discovery on.
     *
     * @param extensions extensions to add besides the service-loaded ones (e.g. one offering a CacheManager bean)
     * @return the running container; the caller closes it
     */
    public static SeContainer boot(Extension... extensions) {
        return SeContainerInitializer.newInstance().addExtensions(extensions).initialize();
    }

    /**
     * Walks through the four annotations, printing each call with its time and the repository's load count.
     *
     * @return the steps, in order
     */
    public static List<Step> run(BookService service, BookRepository repository, PrintStream out) {
        List<Step> steps = new ArrayList<>();
        Walk walk = new Walk(repository, out, steps);
        walk.call("@CacheResult    find(Effective Java)", () -> service.find(EFFECTIVE_JAVA));
        walk.call("@CacheResult    find(Effective Java) again", () -> service.find(EFFECTIVE_JAVA));
        walk.call("@CachePut       save(Modern Java in Action)", () -> {
            service.save(MODERN_JAVA, new Book(MODERN_JAVA, "Modern Java in Action"));
            return null;
        });
        walk.call("@CacheResult    find(Modern Java in Action)", () -> service.find(MODERN_JAVA));
        walk.call("@CacheRemove    retitle(Effective Java)", () -> {
            service.retitle(EFFECTIVE_JAVA, "Effective Java, 3rd Edition");
            return null;
        });
        walk.call("@CacheResult    find(Effective Java)", () -> service.find(EFFECTIVE_JAVA));
        walk.call("@CacheRemoveAll evictAll()", () -> {
            service.evictAll();
            return null;
        });
        walk.call("@CacheResult    find(Hibernate)", () -> service.find(HIBERNATE));
        walk.call("@CacheResult    find(Hibernate) again", () -> service.find(HIBERNATE));
        out.println(steps.size() + " calls, " + repository.loads() + " repository loads, " + repository.stores()
                + " repository stores");
        return List.copyOf(steps);
    }

    /** Times calls and records them as steps. Not thread-safe. */
    private record Walk(BookRepository repository, PrintStream out, List<Step> steps) {

        void call(String description, Supplier<Book> call) {
            long start = System.nanoTime();
            Book answer = call.get();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Step step = new Step(description, answer == null ? "" : answer.title(), elapsed, repository.loads());
            steps.add(step);
            out.println(step);
        }
    }
}
