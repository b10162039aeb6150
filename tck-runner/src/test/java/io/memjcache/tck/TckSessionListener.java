package io.memjcache.tck;

import io.memjcache.server.testsupport.ReferenceMemcached;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.spi.CachingProvider;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares the store a TCK run needs before JUnit discovers a single test, and tears it down after the last one.
 * Registered through {@code META-INF/services}; the build selects the store with the system property
 * {@value #STORE_PROPERTY}:
 * <ul>
 *   <li>{@code embedded}: no configuration at all, so the provider starts its bundled server;
 *       {@value #SERVERS_PROPERTY} is cleared in case the build's own command line passed one on;</li>
 *   <li>{@code memcached}: Debian's memcached on a free loopback port, handed to the provider as
 *       {@value #SERVERS_PROPERTY}. Without the binary the run is skipped, visibly in the tally, except under
 *       {@code CI=true}, where that is a broken build.</li>
 * </ul>
 * The session also checks that exactly one {@link CachingProvider} is discoverable: the TCK takes the default
 * provider, and with two it would test whichever came first. At the end it stops the CDI container that
 * {@link WeldBeanProvider} started for the annotation tests, if any, before the store.
 *
 * <p>Inert when {@value TckRun#SUMMARY_PROPERTY} is not set, so that other test runs of this module are unaffected.
 *
 * <p>Not thread-safe: the launcher opens and closes a session from one thread. Holds no nulls except the memcached
 * process and its shutdown hook, which are null whenever no memcached is running.
 */
public final class TckSessionListener implements LauncherSessionListener {

    /** The system property choosing the store: {@code embedded} or {@code memcached}. */
    static final String STORE_PROPERTY = "tck.store";
    /** The provider's system property naming the memcached servers to use. */
    static final String SERVERS_PROPERTY = "memjcache.servers";

    private ReferenceMemcached memcached;
    /** Stops memcached if the test JVM is shut down before the session closes (e.g. surefire's fork timeout). */
    private Thread memcachedStopper;

    /** Created by {@code ServiceLoader}. */
    public TckSessionListener() {}

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TckRun.summaryFile().ifPresent(summaryFile -> {
            deleteStale(summaryFile);
            TckSummary decision = decide(TckRun.build());
            TckRun.decide(decision);
            if (decision.outcome() != TckSummary.Outcome.RAN) {
                // Nothing will run, so nothing else will write it.
                decision.writeTo(summaryFile);
            }
        });
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        // The annotation tests' CDI container first: its beans may still hold caches on the store stopped below.
        WeldBeanProvider.shutDown();
        if (memcached != null) {
            Runtime.getRuntime().removeShutdownHook(memcachedStopper);
            memcached.close();
            memcached = null;
            memcachedStopper = null;
        }
    }

    private TckSummary decide(String build) {
        List<String> providers = discoverableProviders();
        String store = System.getProperty(STORE_PROPERTY, "embedded");
        if (providers.size() != 1) {
            return TckSummary.notRun(
                    build,
                    TckSummary.Outcome.BROKEN,
                    "store " + store,
                    "expected exactly one javax.cache.spi.CachingProvider on the test classpath, found "
                            + providers.size() + " " + providers);
        }
        String provider = "provider " + providers.get(0);
        switch (store) {
            case "embedded":
                System.clearProperty(SERVERS_PROPERTY);
                return TckSummary.starting(build, provider + ", no store configured (the provider's default)");
            case "memcached":
                return startMemcached(build, provider);
            default:
                return TckSummary.notRun(
                        build,
                        TckSummary.Outcome.BROKEN,
                        provider,
                        "unknown " + STORE_PROPERTY + " '" + store + "' (embedded or memcached)");
        }
    }

    private TckSummary startMemcached(String build, String provider) {
        if (!ReferenceMemcached.isAvailable()) {
            String missing = "memcached not found on PATH (install Debian's memcached package)";
            return "true".equalsIgnoreCase(System.getenv("CI"))
                    ? TckSummary.notRun(build, TckSummary.Outcome.BROKEN, provider, missing + "; CI must provide it")
                    : TckSummary.notRun(build, TckSummary.Outcome.SKIPPED, provider, missing);
        }
        try {
            memcached = ReferenceMemcached.start();
        } catch (IllegalStateException e) {
            return TckSummary.notRun(
                    build, TckSummary.Outcome.BROKEN, provider, "memcached did not start: " + e.getMessage());
        }
        memcachedStopper = new Thread(memcached::close, "tck-memcached-stopper");
        Runtime.getRuntime().addShutdownHook(memcachedStopper);
        InetSocketAddress address = memcached.address();
        String servers = address.getHostString() + ":" + address.getPort();
        System.setProperty(SERVERS_PROPERTY, servers);
        return TckSummary.starting(build, provider + ", memcached at " + servers + " (" + SERVERS_PROPERTY + ")");
    }

    /** Names the providers {@code Caching} would find, without instantiating any. */
    private static List<String> discoverableProviders() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return ServiceLoader.load(CachingProvider.class, loader).stream()
                .map(provider -> provider.type().getName())
                .toList();
    }

    /** A summary left by an earlier build must never be mistaken for this run's. */
    private static void deleteStale(Path summaryFile) {
        try {
            Files.deleteIfExists(summaryFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the previous TCK summary " + summaryFile, e);
        }
    }
}
