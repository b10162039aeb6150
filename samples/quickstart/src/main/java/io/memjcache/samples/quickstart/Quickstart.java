package io.memjcache.samples.quickstart;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * memjcache's quickstart: a plain {@code javax.cache} program with no configuration at all. The default cache
 * manager of memjcache starts a memcached-compatible server inside the JVM, so this runs as it is; set the system
 * property {@code memjcache.servers=host:port,...} and the same program uses real memcached servers.
 *
 * <p>It counts page views: a cache whose entries expire ten minutes after creation, plain reads and writes, an
 * entry processor that increments a counter atomically, a listener printing every change, and the cache's
 * statistics read back through JMX as a monitoring tool would.
 *
 * <p>Not thread-safe: {@link #run} creates and uses one cache of the given manager, which must not have a cache
 * of that name yet. Arguments must not be {@code null}.
 */
public final class Quickstart {

    /** The name of the cache the quickstart creates. */
    public static final String CACHE_NAME = "page-views";

    private Quickstart() {}

    /** Runs the quickstart on the default cache manager and prints what happens. */
    public static void main(String[] args) {
        CachingProvider provider = Caching.getCachingProvider();
        try (CacheManager manager = provider.getCacheManager()) {
            run(manager, System.out);
            manager.destroyCache(CACHE_NAME);
        } finally {
            // Closing the provider stops the embedded server, whose threads would otherwise keep the JVM alive.
            provider.close();
        }
    }

    /**
     * Creates the {@value #CACHE_NAME} cache in {@code manager}, works with it and prints each step to {@code out}.
     * The cache is left in place (with its statistics) for the caller to inspect or destroy.
     *
     * @return what the run observed
     */
    public static QuickstartResult run(CacheManager manager, PrintStream out) {
        out.println("cache manager " + manager.getURI() + " from "
                + manager.getCachingProvider().getClass().getName());
        EventPrinter printer = new EventPrinter(out);
        MutableConfiguration<String, Integer> configuration = new MutableConfiguration<String, Integer>()
                .setTypes(String.class, Integer.class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.TEN_MINUTES))
                .setStatisticsEnabled(true)
                // Synchronous, with old values: each event is printed before the call that caused it returns. The
                // factory hands the cache this very instance (everything runs in one JVM), so the run can read
                // back what it saw.
                .addCacheEntryListenerConfiguration(
                        new MutableCacheEntryListenerConfiguration<String, Integer>(() -> printer, null, true, true));
        Cache<String, Integer> views = manager.createCache(CACHE_NAME, configuration);
        out.println("created cache " + CACHE_NAME + ": entries expire 10 minutes after creation, statistics on");

        out.println("put /home=10, /about=3");
        views.put("/home", 10);
        views.put("/about", 3);
        out.println("get /home -> " + views.get("/home"));
        out.println("get /pricing -> " + views.get("/pricing"));
        Set<String> wanted = new TreeSet<>(List.of("/home", "/about", "/pricing"));
        Map<String, Integer> fetched = views.getAll(wanted);
        out.println("getAll " + wanted + " -> " + new TreeMap<>(fetched));

        List<Integer> counted = new ArrayList<>();
        counted.add(views.invoke("/home", new ViewCounter()));
        counted.add(views.invoke("/home", new ViewCounter()));
        out.println("ViewCounter on /home, twice -> " + counted);

        out.println("remove /about -> " + views.remove("/about"));

        StatisticsSnapshot statistics = JmxStatistics.read(manager, CACHE_NAME);
        out.println("JMX " + JmxStatistics.objectName(manager, CACHE_NAME));
        out.println("  " + statistics);
        return new QuickstartResult(fetched, counted, printer.events(), statistics);
    }
}
