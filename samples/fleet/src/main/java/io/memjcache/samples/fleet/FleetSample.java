package io.memjcache.samples.fleet;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;

/**
 * memjcache on a fleet of memcached servers, named by the system property {@code memjcache.servers}
 * ({@code host[:port[:weight]],...}): the application depends on {@code memjcache-jcache-provider} alone, so
 * the bundled server is not on its class path. Without the property the default cache manager would
 * need {@code memjcache-embedded}, and the provider says so.
 *
 * <p>It keeps user sessions for 30 minutes, spread over the servers by consistent hashing.
 *
 * <p>Not thread-safe: {@link #run} creates one cache of the given manager, which must not have a cache of that name
 * yet. Arguments must not be {@code null}.
 */
public final class FleetSample {

    /** The name of the cache the sample creates. */
    public static final String CACHE_NAME = "sessions";

    private FleetSample() {}

    /** Runs the sample on the default cache manager, on the servers of {@code -Dmemjcache.servers}. */
    public static void main(String[] args) {
        CachingProvider provider = Caching.getCachingProvider();
        try (CacheManager manager = provider.getCacheManager()) {
            run(manager, 100, System.out);
            manager.destroyCache(CACHE_NAME);
        } finally {
            provider.close();
        }
    }

    /**
     * Creates the {@value #CACHE_NAME} cache in {@code manager}, stores {@code sessions} sessions and reads them
     * back, printing what it does to {@code out}. The cache is left in place for the caller.
     *
     * @return the sessions read back, by id
     */
    public static Map<String, String> run(CacheManager manager, int sessions, PrintStream out) {
        Cache<String, String> cache = manager.createCache(
                CACHE_NAME,
                new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.THIRTY_MINUTES)));
        for (int i = 0; i < sessions; i++) {
            cache.put("session-" + i, "user-" + i);
        }
        out.println("stored " + sessions + " sessions through " + manager.getURI());
        Map<String, String> read = new TreeMap<>();
        for (int i = 0; i < sessions; i++) {
            String id = "session-" + i;
            String user = cache.get(id);
            if (user != null) {
                read.put(id, user);
            }
        }
        out.println("read back " + read.size() + " of them");
        return read;
    }
}
