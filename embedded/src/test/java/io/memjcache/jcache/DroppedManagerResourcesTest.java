package io.memjcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memjcache.jcache.client.ServerAddress;
import io.memjcache.jcache.client.TestServers;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many applications come and go (each its own class loader, as redeployments in an application server), each
 * using a cache manager on the embedded server: whether they close their managers or just drop them, afterwards no
 * thread, class loader, server connection or MXBean of theirs is left. Closed managers release everything at once;
 * dropped ones once they are garbage.
 *
 * <p>A manager of the test's own, kept open throughout, keeps the embedded server up so that its {@code stats} can
 * be read, and a few managers made and closed first start the threads that stay (the server's workers, the
 * connection pools' shared evictor, the cleaner), so that the baseline counts them.
 */
class DroppedManagerResourcesTest {

    private static final int DROPPED_MANAGERS = 1000;
    private static final int CLOSED_MANAGERS = 100;
    /** Every this many managers, one also has an asynchronous listener, whose delivery thread must end too. */
    private static final int LISTENER_EVERY = 10;

    private final CachingProvider provider = Caching.getCachingProvider(MemjcacheCachingProvider.class.getName());
    /**
     * Collections that unload a thousand class loaders stop the JVM, server included, for a while on a busy
     * machine: the operations wait longer than the default second rather than fail on such a pause.
     */
    private final Properties settings = new Properties();

    private final String cacheName = "resources-" + UUID.randomUUID();
    private MemjcacheCacheManager keeper;
    private InetSocketAddress embedded;
    private Set<String> baselineThreads;
    private int baselineThreadCount;
    private long baselineConnections;

    @BeforeEach
    void baseline() {
        settings.setProperty("memjcache.opTimeout", "30s");
        keeper = (MemjcacheCacheManager) provider.getCacheManager(
                URI.create("memjcache:keeper-" + UUID.randomUUID()), getClass().getClassLoader(), settings);
        ServerAddress server = keeper.client().servers().get(0);
        embedded = new InetSocketAddress(server.host(), server.port());
        for (int i = 0; i < 16; i++) {
            use(
                            provider.getCacheManager(
                                    provider.getDefaultURI(),
                                    new ClassLoader(getClass().getClassLoader()) {},
                                    settings),
                            i)
                    .close();
        }
        baselineThreads = liveThreadNames();
        baselineThreadCount = Thread.activeCount();
        baselineConnections = currentConnections();
    }

    @AfterEach
    void closeKeeper() {
        keeper.close();
    }

    @Test
    void droppedManagersLeaveNoThreadLoaderConnectionOrBean() {
        long start = System.nanoTime();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < DROPPED_MANAGERS; i++) {
            loaders.add(useAndDrop(i));
        }
        ResourceProbes.awaitGarbageCollected(
                () -> loaders.stream().allMatch(loader -> loader.get() == null),
                () -> loaders.stream().filter(loader -> loader.get() != null).count() + " of " + DROPPED_MANAGERS
                        + " class loaders are still reachable");
        ResourceProbes.awaitGarbageCollected(this::nothingLeftBehind, this::whatIsLeftBehind);
        System.out.printf(
                "%d dropped managers created, used and released in %d ms%n",
                DROPPED_MANAGERS, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void closedManagersReleaseEverythingAtOnce() {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < CLOSED_MANAGERS; i++) {
            ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
            use(provider.getCacheManager(provider.getDefaultURI(), loader, settings), i)
                    .close();
            assertEquals(Set.of(), beans(), "a closed manager's MXBeans are unregistered by close()");
            loaders.add(new WeakReference<>(loader));
        }
        // No collection needed: the client closed its sockets and stopped its threads in close(); what is left is
        // the server noticing and the threads finishing, which the polling waits for.
        awaitWithoutCollecting(this::nothingLeftBehind);
        ResourceProbes.awaitGarbageCollected(
                () -> loaders.stream().allMatch(loader -> loader.get() == null),
                () -> "closed managers' class loaders are still reachable");
    }

    private WeakReference<ClassLoader> useAndDrop(int i) {
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
        use(provider.getCacheManager(provider.getDefaultURI(), loader, settings), i);
        return new WeakReference<>(loader);
    }

    /** Creates this test's cache with statistics and management, and an asynchronous listener on some. */
    private CacheManager use(CacheManager manager, int i) {
        Cache<Long, String> cache = manager.createCache(
                cacheName,
                new MutableConfiguration<Long, String>()
                        .setTypes(Long.class, String.class)
                        .setStatisticsEnabled(true)
                        .setManagementEnabled(true));
        if (i % LISTENER_EVERY == 0) {
            cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(new RecordingListener()), null, true, false));
        }
        cache.put((long) i, "v" + i);
        assertEquals("v" + i, cache.get((long) i));
        return manager;
    }

    private boolean nothingLeftBehind() {
        return extraThreads().isEmpty()
                && Thread.activeCount() <= baselineThreadCount
                && currentConnections() <= baselineConnections
                && beans().isEmpty();
    }

    private String whatIsLeftBehind() {
        return "left behind: threads " + extraThreads() + " (" + Thread.activeCount() + " live, baseline "
                + baselineThreadCount + "), " + currentConnections() + " connections (baseline "
                + baselineConnections + "), beans " + beans();
    }

    private void awaitWithoutCollecting(BooleanSupplier condition) {
        long deadline = System.nanoTime() + ResourceProbes.DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(whatIsLeftBehind());
            }
            Thread.onSpinWait();
        }
    }

    private Set<String> extraThreads() {
        Set<String> extra = liveThreadNames();
        extra.removeAll(baselineThreads);
        return extra;
    }

    private static Set<String> liveThreadNames() {
        Set<String> names = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.add(thread.getName()));
        return names;
    }

    /** @return the connections the embedded server has open, the one reading them included */
    private long currentConnections() {
        return Long.parseLong(TestServers.stats(embedded).get("curr_connections"));
    }

    /** @return the MXBeans of this test's caches */
    private Set<ObjectName> beans() {
        try {
            return ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("javax.cache:type=*,CacheManager=*,Cache=" + cacheName), null);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }
}
