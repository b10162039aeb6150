package io.memjcache.jcache;

import io.memjcache.jcache.client.MemcachedClient;
import io.memjcache.jcache.management.MBeans;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Thread-safe; releasing is idempotent. The lease is {@code null} when the manager uses configured servers.
 */
final class ManagerResources implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final MemcachedClient client;
    private final EmbeddedServer.@Nullable Lease embedded;
    private final Map<ObjectName, Object> beans = new ConcurrentHashMap<>();

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

    /** Registers {@code bean} under {@code name} and remembers it, to be unregistered on release. */
    void registerBean(Object bean, ObjectName name) {
        MBeans.register(bean, name);
        beans.put(name, bean);
    }

    /** Unregisters the bean of this name. */
    void unregisterBean(ObjectName name) {
        beans.remove(name);
        MBeans.unregister(name);
    }

    /** Releases everything; called once, by the cleaner or by the manager's close. */
    @Override
    public void run() {
        try {
            // Only this manager's own beans: a newer manager of the same URI may have registered the same names.
            beans.forEach((name, bean) -> MBeans.unregister(name, bean));
            beans.clear();
        } finally {
            client.close();
            if (embedded != null) {
                embedded.release();
            }
        }
    }
}
