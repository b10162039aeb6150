package io.memjcache.jcache.management;

import javax.management.MXBean;

/**
 * The near cache of one cache in this JVM, as JMX shows it under
 * {@code io.memjcache:type=NearCacheStatistics,CacheManager=<manager URI>,Cache=<cache name>}. A near hit is also a
 * hit of the cache's {@code CacheStatisticsMXBean}; these counts say how many of its gets the near cache answered.
 *
 * <p>Implementations are thread-safe; counts only grow (until {@link #clear()}), read at each call.
 */
@MXBean
public interface NearCacheStatisticsMXBean {

    /** @return the reads answered from the near cache (in strict mode: after the server confirmed the entry) */
    long getNearHits();

    /** @return the reads the near cache could not answer: no entry, or one that failed its check or expired */
    long getNearMisses();

    /** @return strict mode: near entries the server said had changed (other CAS or generation) */
    long getFailedValidations();

    /** @return entries dropped because their key was written (by this JVM, or by another as a watch reported) */
    long getInvalidations();

    /** @return times every entry read from one server was dropped (a {@code clear()}, a lost watch stream...) */
    long getServerDrops();

    /** @return the entries the near cache holds now (approximate, as Caffeine counts) */
    long getEntries();

    /** Sets every count except {@link #getEntries()} back to zero. */
    void clear();
}
