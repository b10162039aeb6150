package io.memjcache.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.server.testsupport.ReferenceMemcached;
import io.memjcache.server.testsupport.TextConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * Runs the quickstart's logic on memjcache's zero-configuration default (the embedded server) and on real memcached,
 * and checks what it prints and returns against what JSR-107 says the operations must do.
 */
class QuickstartTest {

    @Test
    void runsOnTheZeroConfigurationDefault() {
        CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager();
        assertEquals(URI.create("memjcache:default"), manager.getURI());
        try {
            checkRun(manager, "memjcache.default");
        } finally {
            manager.destroyCache(Quickstart.CACHE_NAME);
        }
    }

    @Test
    void runsOnRealMemcached() throws IOException {
        try (ReferenceMemcached memcached = ReferenceMemcached.start()) {
            URI uri = URI.create("memcached://127.0.0.1:" + memcached.port());
            CachingProvider provider = Caching.getCachingProvider();
            try (CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
                try {
                    checkRun(manager, "memcached.//127.0.0.1." + memcached.port());
                    // The entries live in memcached itself: the two puts and the two counter writes reached it as
                    // sets, the removal as a delete (the provider may store bookkeeping items of its own too).
                    try (TextConnection connection = new TextConnection(memcached.address())) {
                        Map<String, String> stats = connection.stats();
                        assertTrue(Long.parseLong(stats.get("cmd_set")) >= 4, stats::toString);
                        assertTrue(Long.parseLong(stats.get("delete_hits")) >= 1, stats::toString);
                    }
                } finally {
                    manager.destroyCache(Quickstart.CACHE_NAME);
                }
            }
        }
    }

    private static void checkRun(CacheManager manager, String escapedManagerUri) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        QuickstartResult result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = Quickstart.run(manager, out);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();

        assertEquals(Map.of("/home", 10, "/about", 3), result.fetched());
        assertEquals(List.of(11, 12), result.countedViews());
        assertEquals(
                List.of(
                        "CREATED /home = 10",
                        "CREATED /about = 3",
                        "UPDATED /home = 11 (was 10)",
                        "UPDATED /home = 12 (was 11)",
                        "REMOVED /about (was 3)"),
                result.events().stream().map(ObservedEvent::toString).toList());

        // hits: get /home, /home and /about in getAll, and each ViewCounter reading /home;
        // misses: get /pricing and /pricing in getAll; puts: two puts and two ViewCounter writes; one removal.
        assertEquals(new StatisticsSnapshot(5, 2, 4, 1), result.statistics());

        assertTrue(lines.contains("get /pricing -> null"), () -> String.join("\n", lines));
        assertTrue(lines.contains("getAll [/about, /home, /pricing] -> {/about=3, /home=10}"), lines::toString);
        assertTrue(lines.contains("ViewCounter on /home, twice -> [11, 12]"), lines::toString);
        assertTrue(
                lines.contains(
                        "JMX javax.cache:type=CacheStatistics,CacheManager=" + escapedManagerUri + ",Cache=page-views"),
                lines::toString);
        assertTrue(lines.contains("  hits=5 misses=2 puts=4 removals=1"), lines::toString);
        // The listener is synchronous: the removal's event is printed before remove() has returned.
        assertTrue(
                lines.indexOf("  event: REMOVED /about (was 3)") < lines.indexOf("remove /about -> true"),
                lines::toString);

        Cache<String, Integer> views = manager.getCache(Quickstart.CACHE_NAME, String.class, Integer.class);
        @SuppressWarnings("unchecked") // the cache's own configuration class, asked for by its interface
        CompleteConfiguration<String, Integer> configuration = views.getConfiguration(CompleteConfiguration.class);
        assertEquals(
                Duration.TEN_MINUTES,
                configuration.getExpiryPolicyFactory().create().getExpiryForCreation());
        assertEquals(12, views.get("/home"));
        assertFalse(views.containsKey("/about"));
        // JMX shows live counters, not a copy taken by the run: the get above is one more hit.
        assertEquals(new StatisticsSnapshot(6, 2, 4, 1), JmxStatistics.read(manager, Quickstart.CACHE_NAME));
    }
}
