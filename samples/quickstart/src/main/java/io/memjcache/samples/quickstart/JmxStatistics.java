package io.memjcache.samples.quickstart;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads a cache's statistics the way a monitoring tool does: from the platform MBean server, by the ObjectName that
 * JSR-107 defines, with no reference to the cache or its provider.
 *
 * <p>Thread-safe (stateless). Arguments must not be {@code null}; results are never {@code null}.
 */
public final class JmxStatistics {

    private JmxStatistics() {}

    /**
     * @return {@code javax.cache:type=CacheStatistics,CacheManager=<uri>,Cache=<name>}, with the characters JMX
     *     reserves ({@code , : =} and line breaks) replaced by {@code .} as JSR-107 specifies
     * @throws CacheException if the result is still not a valid ObjectName (e.g. a {@code ?} or {@code *})
     */
    public static ObjectName objectName(CacheManager manager, String cacheName) {
        String name = "javax.cache:type=CacheStatistics,CacheManager="
                + escape(manager.getURI().toString()) + ",Cache="
                + escape(Objects.requireNonNull(cacheName, "cacheName"));
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new CacheException("not a valid ObjectName: " + name, e);
        }
    }

    /**
     * @return the cache's current counters
     * @throws CacheException if no statistics bean is registered under {@link #objectName} (statistics are off,
     *     or the cache does not exist)
     */
    public static StatisticsSnapshot read(CacheManager manager, String cacheName) {
        ObjectName name = objectName(manager, cacheName);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return new StatisticsSnapshot(
                    (Long) server.getAttribute(name, "CacheHits"),
                    (Long) server.getAttribute(name, "CacheMisses"),
                    (Long) server.getAttribute(name, "CachePuts"),
                    (Long) server.getAttribute(name, "CacheRemovals"));
        } catch (JMException e) {
            throw new CacheException("cannot read the statistics bean " + name + ": " + e.getMessage(), e);
        }
    }

    private static String escape(String value) {
        return value.replaceAll("[,:=\n]", ".");
    }
}
