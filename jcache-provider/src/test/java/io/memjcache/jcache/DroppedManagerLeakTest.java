package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.memjcache.jcache.serialization.IsolatingClassLoader;
import io.memjcache.jcache.serialization.LoaderProbe;
import io.memjcache.server.testsupport.ReferenceMemcached;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cache manager the application drops without closing (an undeployed application's) must not pin its class
 * loader: once nothing else holds the loader, the loader is collected, whatever the manager was used for. And while
 * the loader lives, the provider keeps returning the same manager even if nobody else holds it.
 *
 * <p>Each case makes a manager for a fresh class loader through {@link Caching}'s provider, uses it, drops every
 * reference and then polls, with a deadline, for the loader to be collected.
 */
class DroppedManagerLeakTest {

    private static ReferenceMemcached memcached;

    @BeforeAll
    static void startMemcached() {
        memcached = ReferenceMemcached.start();
    }

    @AfterAll
    static void stopMemcached() {
        if (memcached != null) {
            memcached.close();
        }
    }

    private static CachingProvider provider() {
        return Caching.getCachingProvider(MemjcacheCachingProvider.class.getName());
    }

    private static MutableConfiguration<String, String> strings() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    @Test
    void droppedManagerOnTheEmbeddedServerFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(provider().getDefaultURI(), new Properties(), manager -> {
            Cache<String, String> cache = manager.createCache("leak-" + UUID.randomUUID(), strings());
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
        }));
    }

    @Test
    void droppedManagerOnMemcachedFreesItsLoader() {
        URI uri = URI.create("memcached://127.0.0.1:" + memcached.port());
        awaitLoaderCollected(useAndDrop(uri, new Properties(), manager -> {
            Cache<String, String> cache = manager.createCache("leak", strings());
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
        }));
    }

    @Test
    void droppedManagerWithStatisticsAndManagementFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(uniqueUri(), new Properties(), manager -> {
            Cache<String, String> cache = manager.createCache("beans",
                    strings().setStatisticsEnabled(true).setManagementEnabled(true));
            cache.put("k", "v");
            assertEquals("v", cache.get("k"));
        }));
    }

    @Test
    void droppedManagerWithListenersFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(uniqueUri(), new Properties(), manager -> {
            Cache<Long, String> cache = manager.createCache("listened",
                    new MutableConfiguration<Long, String>().setTypes(Long.class, String.class));
            for (boolean synchronous : new boolean[] {true, false}) {
                cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(new RecordingListener()), null, true, synchronous));
            }
            cache.put(1L, "one");
            cache.put(1L, "two");
        }));
    }

    @Test
    void droppedManagerWithTheLoadersOwnValueTypeFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(uniqueUri(), new Properties(), manager -> {
            Class<?> probe = load(manager.getClassLoader(), LoaderProbe.class.getName());
            @SuppressWarnings("unchecked") // the type is only known at run time
            Class<Object> valueType = (Class<Object>) probe;
            Cache<String, Object> cache = manager.createCache("typed",
                    new MutableConfiguration<String, Object>().setTypes(String.class, valueType));
            cache.put("k", newProbe(probe));
            assertSame(probe, cache.get("k").getClass());
        }));
    }

    @Test
    void aLiveLoaderKeepsItsManagerAndCachesWhenNobodyElseHoldsThem() {
        ClassLoader loader = new IsolatingClassLoader(getClass().getClassLoader(), Set.of());
        URI uri = uniqueUri();
        WeakReference<CacheManager> dropped = createAndDrop(uri, loader);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        CacheManager again = provider().getCacheManager(uri, loader, new Properties());
        assertSame(dropped.get(), again, "the provider returns the same open manager while its loader lives");
        assertNotNull(again.getCache("kept", String.class, String.class));
        again.close();
    }

    private static WeakReference<CacheManager> createAndDrop(URI uri, ClassLoader loader) {
        CacheManager manager = provider().getCacheManager(uri, loader, new Properties());
        manager.createCache("kept", strings());
        return new WeakReference<>(manager);
    }

    /** Makes a manager for a fresh loader, uses it, and returns a weak reference to the loader only. */
    private static WeakReference<ClassLoader> useAndDrop(URI uri, Properties properties,
            Consumer<CacheManager> use) {
        ClassLoader loader = new IsolatingClassLoader(DroppedManagerLeakTest.class.getClassLoader(),
                Set.of(LoaderProbe.class.getName()));
        use.accept(provider().getCacheManager(uri, loader, properties));
        return new WeakReference<>(loader);
    }

    /** Polls, collecting garbage, until the loader is gone; fails after the deadline. */
    static void awaitLoaderCollected(WeakReference<ClassLoader> loader) {
        ResourceProbes.awaitCleared(loader, "the dropped manager's class loader");
    }

    private static URI uniqueUri() {
        return URI.create("memjcache:leak-" + UUID.randomUUID());
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Object newProbe(Class<?> probe) {
        try {
            return probe.getConstructor(String.class).newInstance("probe");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
