package io.memjcache.tck;

import jakarta.enterprise.inject.spi.Extension;
import java.util.Objects;
import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import javax.cache.annotation.CacheResult;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.config.ConfigurationKey;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Hands the TCK's annotation tests their beans from a Weld SE container, so that the JSR-107 annotations on them
 * are carried out by memjcache's CDI interceptors. Registered through
 * {@code META-INF/services/javax.cache.annotation.BeanProvider}; without it the TCK turns its 12 annotation tests
 * into no-ops that pass.
 *
 * <p>The container starts once, on the first request, and holds just the TCK's three {@code manager.*BlogManagerImpl}
 * beans: classpath scanning is off (CDI 4 would read the TCK jar's empty legacy {@code beans.xml} as "annotated
 * beans only", and those classes carry no bean-defining annotation). The interceptors come from the portable
 * extension that memjcache's CDI integration registers in {@code META-INF/services}; Weld SE reads that file only
 * when it scans, so the extensions it lists are loaded here and handed over. The container stops when the TCK session ends ({@link #shutDown()}), or with the JVM through Weld's
 * shutdown hook; it starts no thread that could keep the JVM alive.
 *
 * <p>Thread-safe: the container is created and stopped under the class lock, and Weld's container is thread-safe.
 * {@link #getBeanByType} never returns null.
 */
public final class WeldBeanProvider implements BeanProvider {

    /** The TCK's beans; its tests ask for each of them by its class. */
    private static final Class<?>[] TCK_BEANS = {
        CacheNameOnEachMethodBlogManagerImpl.class,
        ClassLevelCacheConfigBlogManagerImpl.class,
        UsingDefaultCacheNameBlogManagerImpl.class,
    };

    /** Null until the first request, and again once the session has stopped the container. */
    private static WeldContainer container;

    private static boolean shutDown;

    /** Created by {@code ServiceLoader}. */
    public WeldBeanProvider() {}

    /**
     * @throws IllegalStateException if the container cannot start, or runs without the interceptors, or the
     *                               session has already stopped it
     */
    @Override
    public <T> T getBeanByType(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return container().select(type).get();
    }

    /** Stops the container, if it was started; later requests fail. */
    static synchronized void shutDown() {
        shutDown = true;
        if (container != null) {
            container.shutdown();
            container = null;
        }
    }

    private static synchronized WeldContainer container() {
        if (shutDown) {
            throw new IllegalStateException("the TCK session is over: its CDI container was shut down");
        }
        if (container == null) {
            container = start();
        }
        return container;
    }

    private static WeldContainer start() {
        Extension[] extensions = ServiceLoader.load(Extension.class, WeldBeanProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toArray(Extension[]::new);
        WeldContainer started = new Weld()
                .disableDiscovery()
                .addBeanClasses(TCK_BEANS)
                .addExtensions(extensions)
                .property(Weld.SHUTDOWN_HOOK_SYSTEM_PROPERTY, true)
                // Bootstrap on the calling thread, and no class preloading threads: nothing left running.
                .property(ConfigurationKey.CONCURRENT_DEPLOYMENT.get(), false)
                .property(ConfigurationKey.PRELOADER_THREAD_POOL_SIZE.get(), 0)
                .initialize();
        // Without the interceptors every annotation test would fail on cache contents; say why instead.
        if (!started.getBeanManager().isInterceptorBinding(CacheResult.class)) {
            started.shutdown();
            throw new IllegalStateException("no CDI extension made @CacheResult an interceptor binding: "
                    + "memjcache's CDI integration is missing from the test classpath");
        }
        return started;
    }
}
