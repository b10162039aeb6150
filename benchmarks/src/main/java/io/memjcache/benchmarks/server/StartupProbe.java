package io.memjcache.benchmarks.server;

import java.util.Locale;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The startup part's child: in a fresh JVM, times the embedded default's first use, {@code getCacheManager()} +
 * {@code createCache} + {@code put}, as an application does it (no {@code memjcache.servers}, so the bundled server
 * starts in this JVM). The provider is named, since other providers may share the classpath. Prints
 * {@code RESULT first_use_ms=<ms>} and exits. Single-threaded.
 */
public final class StartupProbe {

    static final String FIRST_USE_MS = "first_use_ms";

    private static final String PROVIDER = "io.memjcache.jcache.MemjcacheCachingProvider";

    private StartupProbe() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        CacheManager manager = provider.getCacheManager();
        Cache<String, String> cache = manager.createCache(
                "startup", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        cache.put("key", "value");
        long elapsed = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "RESULT %s=%.3f%n", FIRST_USE_MS, elapsed / 1e6);
        System.out.flush();
        provider.close();
    }
}
