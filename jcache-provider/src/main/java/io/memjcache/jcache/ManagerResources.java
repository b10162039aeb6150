package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.internal.BackgroundRegistrations;
import io.memjcache.jcache.management.MBeans;
import io.memjcache.jcache.near.ServerWatches;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.cache.CacheException;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * What a cache manager holds outside its own objects: its memcached client (connections and threads), its
 * reference to the embedded server, and the MXBeans it registered on the platform MBean server (which holds them
 * strongly). {@link MemjcacheCacheManager#close()} releases them at once; for a manager the application dropped
 * without closing, a {@link Cleaner} releases them once the manager is unreachable.
 *
 * <p>For the cleaner to ever run, nothing here may refer to the manager, its caches, or anything of the
 * application (its classes hold its class loader, which holds the manager): only the client, the lease, and the
 * beans, which refer to none of those.
 *
 * <p>Thread-safe: the beans and whether the resources were released are guarded by this object's lock, so a bean
 * registered in the background never outlives the release. Releasing is idempotent. The lease is {@code null} when
 * the manager uses configured servers.
 */
final class ManagerResources implements Runnable {

    private static final System.Logger LOG = System.getLogger(ManagerResources.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemcachedClient client;
    private final EmbeddedServer.@Nullable Lease embedded;
    // Guarded by this.
    private final Map<ObjectName, Object> beans = new HashMap<>();
    private boolean released;
    /** The watch streams of caches in eventual mode; made when the first such cache is created. */
    private @Nullable ServerWatches watches;

    private ManagerResources(MemcachedClient client, EmbeddedServer.@Nullable Lease embedded) {
        this.client = client;
        this.embedded = embedded;
    }

    /**
     * @return the resources, released by {@link Cleaner.Cleanable#clean()} or once {@code owner} is unreachable
     */
    static Registered register(Object owner, MemcachedClient client, EmbeddedServer.@Nullable Lease embedded) {
        ManagerResources resources = new ManagerResources(client, embedded);
        return new Registered(resources, CLEANER.register(owner, resources));
    }

    /** The resources and their cleanup; {@code cleanable.clean()} releases them at most once. */
    record Registered(ManagerResources resources, Cleaner.Cleanable cleanable) {}

    /**
     * Registers {@code bean} under {@code name} and remembers it, to be unregistered on release; does nothing once
     * released.
     */
    synchronized void registerBean(Object bean, ObjectName name) {
        if (released) {
            return;
        }
        MBeans.register(bean, name);
        beans.put(name, bean);
    }

    /**
     * Registers beans that only operators look at (the servers' statistics): at once when an MBean server exists,
     * else on a background thread. Creating the platform MBean server initialises JMX, about a tenth of a second
     * that creating a manager (the application's first use of a cache) should not wait for (see
     * {@link BackgroundRegistrations}). A failure in the background is logged.
     *
     * @throws CacheException if JMX refuses a bean registered at once
     */
    void registerSoon(Map<ObjectName, ?> toRegister) {
        registerSoon(toRegister, !MBeanServerFactory.findMBeanServer(null).isEmpty(), BackgroundRegistrations::submit);
    }

    /** As {@link #registerSoon(Map)}; {@code now}: whether to register on this thread, else on {@code later}. */
    void registerSoon(Map<ObjectName, ?> toRegister, boolean now, Executor later) {
        if (now) {
            toRegister.forEach((name, bean) -> registerBean(bean, name));
            return;
        }
        later.execute(() -> {
            try {
                toRegister.forEach((name, bean) -> registerBean(bean, name));
            } catch (CacheException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot register the servers' statistics MXBeans", e);
            }
        });
    }

    /** Unregisters the bean of this name. */
    synchronized void unregisterBean(ObjectName name) {
        beans.remove(name);
        MBeans.unregister(name);
    }

    /**
     * @return the manager's watch streams (the delete markers and invalidations of caches in {@code eventual} mode),
     *     made at the first call; closed with the other resources, before the client
     * @throws IllegalStateException once released
     */
    synchronized ServerWatches watches() {
        if (released) {
            throw new IllegalStateException("the cache manager is closed");
        }
        if (watches == null) {
            watches = new ServerWatches(client);
        }
        return watches;
    }

    /** Releases everything; called once, by the cleaner or by the manager's close. */
    @Override
    public void run() {
        ServerWatches streams = null;
        try {
            synchronized (this) {
                released = true;
                streams = watches;
                // Only this manager's own beans: a newer manager of the same URI may have registered the same names.
                beans.forEach((name, bean) -> MBeans.unregister(name, bean));
                beans.clear();
            }
        } finally {
            if (streams != null) {
                streams.close(); // its threads use the client
            }
            client.close();
            if (embedded != null) {
                embedded.release();
            }
        }
    }
}
