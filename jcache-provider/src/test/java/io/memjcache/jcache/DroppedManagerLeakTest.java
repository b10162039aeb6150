package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memjcache.jcache.client.TestServers;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.serialization.IsolatingClassLoader;
import io.memjcache.jcache.serialization.LoaderProbe;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * A cache manager the application drops without closing (an undeployed application's) must not pin its class
 * loader: once nothing else holds the loader, the loader is collected, whatever the manager was used for. And while
 * the loader lives, the provider keeps returning the same manager even if nobody else holds it.
 *
 * <p>Each case makes a manager for a fresh class loader through {@link Caching}'s provider, uses it, drops every
 * reference and then polls, with a deadline, for the loader to be collected. The cases of the zero-configuration
 * default, whose embedded server outlives the managers, are in memjcache-embedded and use the helpers here.
 */
class DroppedManagerLeakTest extends BackendTestSupport {

    static CachingProvider provider() {
        return Caching.getCachingProvider(MemjcacheCachingProvider.class.getName());
    }

    static MutableConfiguration<String, String> strings() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    @Test
    void droppedManagerOnMemcachedFreesItsLoader() {
        awaitLoaderCollected(
                useAndDrop(memcachedUri(), new Properties(), manager -> putAndGet(manager, "leak", strings())));
    }

    @Test
    void droppedManagerWithStatisticsAndManagementFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(
                uniqueUri(),
                properties(BUNDLED),
                manager -> putAndGet(
                        manager, "beans", strings().setStatisticsEnabled(true).setManagementEnabled(true))));
    }

    static void putAndGet(CacheManager manager, String name, MutableConfiguration<String, String> config) {
        Cache<String, String> cache = manager.createCache(name, config);
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
    }

    @Test
    void droppedManagerWithListenersFreesItsLoader() {
        awaitLoaderCollected(useAndDrop(uniqueUri(), properties(BUNDLED), manager -> {
            Cache<Long, String> cache = manager.createCache(
                    "listened", new MutableConfiguration<Long, String>().setTypes(Long.class, String.class));
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
        awaitLoaderCollected(useAndDrop(uniqueUri(), properties(BUNDLED), manager -> {
            Class<?> probe = load(manager.getClassLoader(), LoaderProbe.class.getName());
            @SuppressWarnings("unchecked") // the type is only known at run time
            Class<Object> valueType = (Class<Object>) probe;
            Cache<String, Object> cache = manager.createCache(
                    "typed", new MutableConfiguration<String, Object>().setTypes(String.class, valueType));
            cache.put("k", newProbe(probe));
            assertSame(probe, cache.get("k").getClass());
        }));
    }

    @Test
    void aDroppedManagersCleanupLeavesTheBeansOfANewerManagerOfTheSameUri() throws Exception {
        URI uri = memcachedUri();
        String name = "c-" + UUID.randomUUID();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort());
        long connectionsBefore = connections(server);
        MutableConfiguration<String, String> config =
                strings().setStatisticsEnabled(true).setManagementEnabled(true);
        WeakReference<ClassLoader> dropped =
                useAndDrop(uri, new Properties(), manager -> putAndGet(manager, name, config));
        // A redeployed application: same URI and cache name, its own loader, registered while the old one lingers.
        CacheManager newer = provider()
                .getCacheManager(
                        uri, new IsolatingClassLoader(getClass().getClassLoader(), Set.of()), new Properties());
        putAndGet(newer, name, config);
        awaitLoaderCollected(dropped);
        // The dropped manager's cleanup has run once its connection is closed; the newer one keeps one open.
        ResourceProbes.awaitGarbageCollected(
                () -> connections(server) <= connectionsBefore + 1,
                () -> "the dropped manager's connection is still open");
        ObjectName statistics = MBeans.objectName(MBeans.STATISTICS, uri, name);
        ObjectName configuration = MBeans.objectName(MBeans.CONFIGURATION, uri, name);
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        assertTrue(
                beans.isRegistered(statistics) && beans.isRegistered(configuration),
                "the newer manager's beans are still registered");
        assertEquals(Boolean.TRUE, beans.getAttribute(configuration, "StoreByValue"), "and work");
        newer.close();
        assertFalse(beans.isRegistered(statistics) || beans.isRegistered(configuration));
    }

    private static long connections(InetSocketAddress server) {
        return Long.parseLong(TestServers.stats(server).get("curr_connections"));
    }

    @Test
    void aLiveLoaderKeepsItsManagerAndCachesWhenNobodyElseHoldsThem() {
        ClassLoader loader = new IsolatingClassLoader(getClass().getClassLoader(), Set.of());
        URI uri = uniqueUri();
        WeakReference<CacheManager> dropped = createAndDrop(uri, loader);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        CacheManager again = provider().getCacheManager(uri, loader, properties(BUNDLED));
        assertSame(dropped.get(), again, "the provider returns the same open manager while its loader lives");
        assertNotNull(again.getCache("kept", String.class, String.class));
        again.close();
    }

    private static WeakReference<CacheManager> createAndDrop(URI uri, ClassLoader loader) {
        CacheManager manager = provider().getCacheManager(uri, loader, properties(BUNDLED));
        manager.createCache("kept", strings());
        return new WeakReference<>(manager);
    }

    /** Makes a manager for a fresh loader, uses it, and returns a weak reference to the loader only. */
    static WeakReference<ClassLoader> useAndDrop(URI uri, Properties properties, Consumer<CacheManager> use) {
        ClassLoader loader = new IsolatingClassLoader(
                DroppedManagerLeakTest.class.getClassLoader(), Set.of(LoaderProbe.class.getName()));
        use.accept(provider().getCacheManager(uri, loader, properties));
        return new WeakReference<>(loader);
    }

    /** Polls, collecting garbage, until the loader is gone; fails after the deadline. */
    static void awaitLoaderCollected(WeakReference<ClassLoader> loader) {
        ResourceProbes.awaitCleared(loader, "the dropped manager's class loader");
    }

    static Class<?> load(ClassLoader loader, String name) {
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
            throw new LinkageError(e.getMessage(), e);
        }
    }
}
